// Serves the built renderer from app://keyhold/ instead of file://: a real origin for
// CSP 'self' and the IPC sender check, and no file:// reach into the rest of the disk.
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY, CONTENT_TYPES } from '../shared/web-content';
import { APP_HOST, APP_SCHEME } from './origins';

export { CONTENT_SECURITY_POLICY };

/**
 * Must run before app 'ready'. standard: a real origin and relative URL resolution;
 * secure: a secure context, like https; supportFetchAPI: fetch() of our own assets works;
 * codeCache: V8 caches the bundle between starts. No bypassCSP, no service workers.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Installs the handler on the default session; call once the app is ready. */
export function serveApp(rootDir: string): void {
  protocol.handle(APP_SCHEME, createAppHandler(rootDir));
}

export function createAppHandler(rootDir: string): (request: Request) => Promise<Response> {
  const root = resolve(rootDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'Method not allowed');
    const file = resolveAppPath(root, request.url);
    if (!file) return respond(404, 'Not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return respond(404, 'Not found');
    }
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: securityHeaders({ 'Content-Type': type }),
    });
  };
}

/**
 * The file under `root` an app:// URL names, or null if it names anything else. The URL
 * parser folds literal and %2e dot segments; encoded separators (..%2f) survive it and are
 * decoded here, so the containment check on the joined path is what refuses traversal.
 * Backslashes (a separator on Windows) and NUL are refused outright.
 */
export function resolveAppPath(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null; // malformed %-escape
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const file = join(root, path === '/' ? 'index.html' : path);
  return file.startsWith(root + sep) ? file : null;
}

function respond(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: securityHeaders({ 'Content-Type': 'text/plain; charset=utf-8' }),
  });
}

function securityHeaders(extra: Record<string, string>): Headers {
  return new Headers({
    ...extra,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
}
