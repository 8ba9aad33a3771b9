// The path rules both servers of the renderer use (app:// in Electron, the browser host's HTTP
// server): nothing outside the renderer folder, whatever the URL path says.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readStaticFile, resolveStaticPath } from '../../src/main/static-files';

// <tmp>/secret.txt sits next to the served root <tmp>/renderer, and <tmp>/renderer-evil starts
// like it (a naive startsWith(root) check lets that through).
const base = mkdtempSync(join(tmpdir(), 'keyhold-static-'));
const root = join(base, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
mkdirSync(join(base, 'renderer-evil'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>Keyhold</title>');
writeFileSync(join(root, 'assets', 'INDEX-ABC.JS'), 'console.log(1)');
writeFileSync(join(base, 'secret.txt'), 'TOP-SECRET');
writeFileSync(join(base, 'renderer-evil', 'secret.txt'), 'TOP-SECRET');
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('resolveStaticPath', () => {
  it('maps paths inside the root', () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/a%20b.js')).toBe(join(root, 'assets', 'a b.js'));
  });

  it.each([
    '/..%2f..%2fetc%2fpasswd',
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/../renderer-evil/secret.txt',
    '/%2e%2e%2frenderer-evil%2fsecret.txt',
    '/..',
    '/.',
  ])('refuses %s (outside the root)', (path) => expect(resolveStaticPath(root, path)).toBeNull());

  it.each(['/..%5c..%5cwindows', '/a%5cb.js', '/a\\b.js', '/a%00', '/index.html%00.js', '/\0'])(
    'refuses %s (a backslash or NUL)',
    (path) => expect(resolveStaticPath(root, path)).toBeNull(),
  );

  it.each(['/%ZZ', '/%', '/%c0%ae%c0%ae/secret.txt'])('calls %s a malformed encoding', (path) =>
    expect(resolveStaticPath(root, path)).toBe('bad-encoding'),
  );

  it('never resolves outside the root, whatever the path', () => {
    const segment = fc.oneof(
      fc.constantFrom(
        '..',
        '.',
        '%2e%2e',
        '%2E.',
        '..%2f',
        '%5c',
        '\\',
        '%00',
        '',
        'assets',
        'index.html',
        '%252e',
      ),
      fc.string(),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segments) => {
        const file = resolveStaticPath(root, `/${segments.join('/')}`);
        return file === null || file === 'bad-encoding' || file.startsWith(root + sep);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('readStaticFile', () => {
  it('reads a file with its content type, whatever the case of its extension', async () => {
    expect(await readStaticFile(root, '/')).toMatchObject({
      found: true,
      contentType: 'text/html; charset=utf-8',
    });
    const js = await readStaticFile(root, '/assets/INDEX-ABC.JS');
    expect(js).toMatchObject({ found: true, contentType: 'text/javascript; charset=utf-8' });
    expect(js.found && js.body.toString()).toBe('console.log(1)');
  });

  it('says why there is no file', async () => {
    expect(await readStaticFile(root, '/nope.js')).toEqual({ found: false, reason: 'not-found' });
    expect(await readStaticFile(root, '/assets')).toEqual({ found: false, reason: 'not-found' });
    expect(await readStaticFile(root, '/../secret.txt')).toEqual({ found: false, reason: 'not-found' });
    expect(await readStaticFile(root, '/%')).toEqual({ found: false, reason: 'bad-encoding' });
  });
});
