#!/usr/bin/env node
// Keeps npm test's throwaway gnome-keyring running and unlocked. gnome-keyring-daemon 46 aborts
// now and then inside glib (the kernel logs "trap int3 … in libglib-2.0") while the crash tests
// SIGKILL its clients mid-call; D-Bus then starts a new daemon on the next request, locked (no
// password), and every later test sees a locked keyring. This restarts it with the session's
// password at once, on the same keyring files, and says so. It watches the daemon that owns
// org.freedesktop.secrets and exits with its parent.
//   node scripts/keyring-guard.mjs   (password in KEYHOLD_TEST_KEYRING_PASSWORD)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const password = process.env.KEYHOLD_TEST_KEYRING_PASSWORD ?? '';
const parent = process.ppid;
const CHECK_MS = 200;

/** The pid of the process owning the secrets service on this session bus, or null. */
function secretsOwner() {
  const reply = spawnSync(
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
  const pid = /uint32 (\d+)/.exec(reply.stdout ?? '')?.[1];
  return pid ? Number(pid) : null;
}

/** Running, and not a zombie no one has reaped yet (a container's pid 1 may never reap it). */
function alive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function restart() {
  spawnSync('gnome-keyring-daemon', ['--replace', '--unlock', '--components=secrets'], {
    input: password,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  // --replace returns before the new daemon has taken the name.
  for (let tries = 0; tries < 30; tries++) {
    const pid = secretsOwner();
    if (pid !== null) return pid;
    spawnSync('sleep', ['0.1']);
  }
  return null;
}

let watched = secretsOwner();
// Nothing to watch (no dbus-send, or no daemon on this bus): the tests report the keyring themselves.
if (watched === null) process.exit(0);
setInterval(() => {
  if (!alive(parent)) process.exit(0);
  if (alive(watched)) return;
  const before = watched;
  watched = restart();
  if (watched === null) {
    console.error(`\nkeyring guard: gnome-keyring-daemon (pid ${before}) exited and did not restart.`);
    process.exit(1);
  }
  console.error(
    `\nkeyring guard: gnome-keyring-daemon (pid ${before}) exited; restarted it unlocked (pid ${watched}).`,
  );
}, CHECK_MS);
