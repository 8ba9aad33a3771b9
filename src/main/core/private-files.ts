// The data directory and what Keyhold writes in it are for this user alone: 0700 and 0600,
// whatever the umask, and tightened on every start (a directory made by an older build, a copy or
// a restore may be readable by others). The process umask is never changed: Electron shares it.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/** Creates `dir` (and missing parents) as 0700, or tightens it to 0700 if it exists. */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Creates `file` empty as 0600 if it is missing, or tightens it to 0600; never truncates it. */
export function privateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

/** Tightens `file` to 0600 if it exists. */
export function tightenFile(file: string): void {
  if (existsSync(file)) chmodSync(file, 0o600);
}
