// The throwaway keyring session npm test (and the tests that make sessions of their own) runs in.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * gnome-keyring-daemon 42 aborts now and then inside glib (the kernel logs "trap int3 … in
 * libglib-2.0") while the crash tests SIGKILL its clients mid-call. D-Bus then starts a new daemon
 * on the next request, and Debian's service file starts it locked, so every later test would see
 * a locked keyring. The session bus reads $XDG_DATA_HOME/dbus-1/services before the system's
 * folders: this file there starts it unlocked, with the password in
 * $KEYHOLD_TEST_KEYRING_PASSWORD, on the same keyring files, at the very request that needs it.
 */
export function activateKeyringUnlocked(dataHome) {
  const services = join(dataHome, 'dbus-1', 'services');
  mkdirSync(services, { recursive: true });
  writeFileSync(
    join(services, 'org.freedesktop.secrets.service'),
    '[D-BUS Service]\n' +
      'Name=org.freedesktop.secrets\n' +
      `Exec=/bin/sh -c 'printf %s "$KEYHOLD_TEST_KEYRING_PASSWORD" | exec gnome-keyring-daemon --unlock --foreground --components=secrets'\n`,
  );
}
