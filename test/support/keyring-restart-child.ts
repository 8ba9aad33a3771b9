// Runs inside its own D-Bus session (see keyring-restart.test.ts): seals a secret, then reads it
// back through a new storage while the keyring daemon dies before it replies, as a crashed
// gnome-keyring does. Prints one JSON line: what the read gave, or the error it threw.
import { execFileSync, spawn } from 'node:child_process';
import { KeyringSafeStorage } from '../../src/main/core/node-ports';

const KEY_ID = 'restart-test';

function secretsDaemon(): number {
  const reply = execFileSync(
    'dbus-send',
    [
      '--session',
      '--print-reply',
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.GetConnectionUnixProcessID',
      'string:org.freedesktop.secrets',
    ],
    { encoding: 'utf8' },
  );
  return Number(/uint32 (\d+)/.exec(reply)![1]);
}

async function main() {
  const first = new KeyringSafeStorage({ service: 'Keyhold restart test' }).storeKey(KEY_ID);
  await first.create();
  const sealed = await first.encrypt('sk_live_restart_5Tq8');

  // Stopped, the daemon takes the next call and never answers; killed, it leaves the bus mid-call.
  const daemon = secretsDaemon();
  process.kill(daemon, 'SIGSTOP');
  // From another process: the keyring call below blocks this thread until it has an answer.
  spawn('sh', ['-c', `sleep 0.5; kill -KILL ${daemon}`], { stdio: 'ignore' });
  const second = new KeyringSafeStorage({ service: 'Keyhold restart test' }).storeKey(KEY_ID);
  try {
    const opened = await second.decrypt(sealed);
    console.log(JSON.stringify({ opened: opened.result, replacedBy: secretsDaemon() !== daemon }));
  } catch (error) {
    console.log(JSON.stringify({ error: String(error) }));
  }
}

void main();
