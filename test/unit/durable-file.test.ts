// Durable writes in a folder someone else can write to (a shared or synced backup folder): the temp
// file beside the target must never be one they planted. A symlink or a file at the name a write
// would have used (`<file>.<pid>.tmp`: Keyhold's pid is public) is neither followed nor reused.
import { lstatSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileDurably, writeStreamDurably } from '../../src/main/core/store/durable-file';
import { tempDir } from '../support/core';

const dir = tempDir('keyhold-durable-');
afterAll(() => dir.remove());

async function* chunks(...parts: string[]) {
  for (const part of parts) yield Buffer.from(part);
}

describe.skipIf(process.platform === 'win32')('a durable write next to planted files', () => {
  for (const [how, write] of [
    ['whole', (file: string) => Promise.resolve(writeFileDurably(file, 'ciphertext'))],
    ['streamed', (file: string) => writeStreamDurably(file, chunks('cipher', 'text'))],
  ] as const) {
    it(`${how}: follows no symlink and reuses no file at the predictable temp name`, async () => {
      const victim = join(dir.path, `victim-${how}.txt`);
      writeFileSync(victim, 'the user’s own file');
      const linked = join(dir.path, `linked-${how}.age`);
      symlinkSync(victim, `${linked}.${process.pid}.tmp`);
      const squatted = join(dir.path, `squatted-${how}.age`);
      writeFileSync(`${squatted}.${process.pid}.tmp`, 'planted', { mode: 0o666 });

      await write(linked);
      await write(squatted);

      expect(readFileSync(victim, 'utf8')).toBe('the user’s own file');
      for (const file of [linked, squatted]) {
        expect(lstatSync(file).isSymbolicLink()).toBe(false);
        expect(readFileSync(file, 'utf8')).toBe('ciphertext');
        expect(statSync(file).mode & 0o777).toBe(0o600);
      }
      // The planted files stay as they were (not Keyhold's to remove), and no temp file of its own is left.
      expect(lstatSync(`${linked}.${process.pid}.tmp`).isSymbolicLink()).toBe(true);
      expect(readFileSync(`${squatted}.${process.pid}.tmp`, 'utf8')).toBe('planted');
      const temps = readdirSync(dir.path).filter((name) => name.includes(how) && name.endsWith('.tmp'));
      expect(temps.sort()).toEqual([
        `linked-${how}.age.${process.pid}.tmp`,
        `squatted-${how}.age.${process.pid}.tmp`,
      ]);
    });
  }
});
