// The built renderer's files, for both of its servers: the app:// protocol in Electron
// (protocol.ts) and the browser host's HTTP server (browser-host/server.ts). Node only, no
// electron import, so the browser host can use it.
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { CONTENT_TYPES } from '../shared/web-content';

export type StaticFile =
  { found: true; contentType: string; body: Buffer } | { found: false; reason: 'bad-encoding' | 'not-found' };

/**
 * The file under `root` a URL path names ('/' is index.html), 'bad-encoding' for a malformed
 * %-escape, or null if it names anything outside `root`. Encoded separators (..%2f) are decoded
 * here, so the containment check on the joined path is what refuses traversal; a backslash (a
 * separator on Windows) or NUL is refused outright, wherever it comes from.
 */
export function resolveStaticPath(root: string, urlPath: string): string | 'bad-encoding' | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return 'bad-encoding';
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const base = resolve(root);
  const file = join(base, path === '/' || path === '' ? 'index.html' : path);
  return file.startsWith(base + sep) ? file : null;
}

/** The file a URL path names under `root`, with its content type; or why there is none. */
export async function readStaticFile(root: string, urlPath: string): Promise<StaticFile> {
  const file = resolveStaticPath(root, urlPath);
  if (file === 'bad-encoding') return { found: false, reason: 'bad-encoding' };
  if (file === null) return { found: false, reason: 'not-found' };
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return { found: false, reason: 'not-found' };
  }
  const contentType = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  return { found: true, contentType, body };
}
