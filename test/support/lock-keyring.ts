import { execFileSync } from 'node:child_process';

/** Locks the session's login keyring over D-Bus, as a screen lock would. */
export function lockLoginKeyring(): void {
  execFileSync('dbus-send', [
    '--session',
    '--dest=org.freedesktop.secrets',
    '--type=method_call',
    '--print-reply',
    '/org/freedesktop/secrets',
    'org.freedesktop.Secret.Service.Lock',
    'array:objpath:/org/freedesktop/secrets/collection/login',
  ]);
}
