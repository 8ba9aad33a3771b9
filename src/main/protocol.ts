// Serves the built renderer from app://keyhold/ instead of file://: a real origin for
// CSP 'self' and the IPC sender check, and no file:// reach into the rest of the disk.
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../shared/web-content';
import { APP_HOST, APP_SCHEME } from './origins';
import { readStaticFile } from './static-files';

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
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'Method not allowed');
    const path = appPath(request.url);
    // A malformed %-escape is not found either: there is no such file.
    const file = path === null ? null : await readStaticFile(rootDir, path);
    if (!file?.found) return respond(404, 'Not found');
    return new Response(request.method === 'HEAD' ? null : file.body, {
      status: 200,
      headers: securityHeaders({ 'Content-Type': file.contentType }),
    });
  };
}

/** The path of an app://keyhold/ URL, still %-encoded; null for any other URL. */
function appPath(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST ? parsed.pathname : null;
}

function respond(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: securityHeaders({ 'Content-Type': 'text/plain; charset=utf-8' }),
  });
}

function securityHeaders(extra: Record<string, string>): Headers {
  return new Headers({ ...extra, ...SECURITY_HEADERS });
}
