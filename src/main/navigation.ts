// Keeps every webContents on Keyhold's own origin: a renderer that navigates away, opens
// a window or attaches a <webview> would run foreign content next to the bridge.
import type { WebContents } from 'electron';
import { openExternalIfAllowed } from './external-links';

export function guardWebContents(contents: WebContents, isTrusted: (url: string) => boolean): void {
  contents.on('will-navigate', (event) => {
    if (isTrusted(event.url)) return;
    event.preventDefault();
    // A plain link click to the providers' docs should still work: in the user's browser.
    openExternalIfAllowed(event.url);
  });
  // Subframes (will-frame-navigate) and server redirects are refused outright.
  contents.on('will-frame-navigate', (event) => {
    if (!isTrusted(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isTrusted(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url);
    return { action: 'deny' };
  });
}
