// zod compiles fast parsers with `new Function` unless told not to; the renderer's CSP
// (script-src 'self', no 'unsafe-eval') forbids that, so parse without JIT.
import { config } from 'zod';

config({ jitless: true });
