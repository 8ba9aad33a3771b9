// Runs both fake providers for manual use (e.g. with `npm run dev:browser`):
//   node --import tsx test/fakes/cli.ts [--weir-port N] [--mythic-port N] [--tls]
// Prints each base URL and token, then serves until interrupted.
import { parseArgs } from 'node:util';
import { startFakeMythic } from './mythic-server';
import { startFakeWeir } from './weir-server';

const { values } = parseArgs({
  options: {
    'weir-port': { type: 'string', default: '0' },
    'mythic-port': { type: 'string', default: '0' },
    tls: { type: 'boolean', default: false },
  },
});

function port(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`${flag} must be a port number (0 = any free port)`);
    process.exit(2);
  }
  return n;
}

// An async main, not top-level await: tsx runs this package's .ts files as CommonJS.
async function main(): Promise<void> {
  const weir = await startFakeWeir({ port: port(values['weir-port'], '--weir-port'), tls: values.tls });
  const mythic = await startFakeMythic({
    port: port(values['mythic-port'], '--mythic-port'),
    tls: values.tls,
  });

  console.log(`Weir AI          ${weir.url}  token ${weir.token}`);
  console.log(`Mythic Analytics ${mythic.url}  token ${mythic.token}`);
  console.log('Ctrl+C to stop.');

  const stop = async (): Promise<void> => {
    await Promise.all([weir.close(), mythic.close()]);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
