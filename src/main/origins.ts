// Where the renderer may come from. Navigation guards and the IPC sender check both
// decide against the one list built here, so they cannot disagree.

export const APP_SCHEME = 'app';
export const APP_HOST = 'keyhold';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export interface RendererSource {
  /** The URL the main window loads. */
  entryUrl: string;
  /** Origins trusted to navigate the window and to call the bridge. */
  origins: readonly string[];
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The built renderer over app://keyhold, or the electron-vite dev server when
 * ELECTRON_RENDERER_URL names one. A packaged app ignores that variable: anyone who can
 * set an environment variable must not be able to point Keyhold's bridge at a web page.
 */
export function rendererSource(env: NodeJS.ProcessEnv, isPackaged: boolean): RendererSource {
  const dev = isPackaged ? null : devServerUrl(env['ELECTRON_RENDERER_URL']);
  if (dev) return { entryUrl: dev.href, origins: [APP_ORIGIN, dev.origin] };
  return { entryUrl: APP_ENTRY_URL, origins: [APP_ORIGIN] };
}

/** The dev server is plain http on loopback; anything else is not a dev server we started. */
function devServerUrl(raw: string | undefined): URL | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) ? url : null;
  } catch {
    return null;
  }
}

/**
 * scheme://host[:port] of a URL, or null when it has no host (about:blank, data:, file:).
 * Computed by hand: WHATWG URL gives non-special schemes such as app: an opaque 'null' origin.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : null;
  } catch {
    return null;
  }
}

export function isTrustedUrl(url: string, origins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && origins.includes(origin);
}
