// The only URLs Keyhold hands to the OS browser. shell.openExternal with a URL from web
// content can launch any registered handler (file:, smb:, custom schemes), so the list is
// https-only, exact hosts, no credentials or ports.
import { shell } from 'electron';

export const EXTERNAL_HOSTS: ReadonlySet<string> = new Set([
  'weir.ai',
  'api.weir.ai',
  'docs.weir.ai',
  'mythic-analytics.com',
  'api.mythic-analytics.com',
  'docs.mythic-analytics.com',
]);

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    EXTERNAL_HOSTS.has(url.hostname)
  );
}

/** Opens `url` in the default browser if it is allow-listed; returns whether it did. */
export function openExternalIfAllowed(url: string): boolean {
  if (!isAllowedExternalUrl(url)) return false;
  // Failure (no browser configured) is the OS's to report; nothing to recover here.
  shell.openExternal(url).catch(() => undefined);
  return true;
}
