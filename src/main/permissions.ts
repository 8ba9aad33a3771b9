// Keyhold needs no web permission (camera, notifications, clipboard-read, HID, …): copy
// happens in main. Deny every request and every check, and refuse downloads.
import type { Session } from 'electron';

export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
}
