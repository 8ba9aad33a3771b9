// Who sent a CLI request: what the approval dialog and the activity log show, and which terminal
// an "Allow for this terminal" grant covers. The kernel's facts are read when the socket is
// accepted (the program is surely still there); the program's own claim, which comes with its
// request, fills in what the OS does not tell.
import type { Socket } from 'node:net';
import type { Claim } from '../../../shared/cli-protocol';
import type { ProcessView, Program } from '../../../shared/cli-access';
import { visible } from '../../../shared/text';
import { maskArguments, type HideKnown } from './command-line';
import type { PeerCredentialReader } from './peer-credentials';
import { readProcess, readStat, ttyName, type ProcProcess } from './proc';

export { visible };

export interface Peer {
  program: Program;
  /** The grant key and a label of the terminal it runs in; null when it runs in none. */
  terminal: { key: string; label: string } | null;
}

/** Why a connection is refused outright, whatever it asks. */
export class PeerRefused extends Error {}

export interface Identified {
  /** Why the program is refused whatever it asks (another user), before its request is read. */
  refusal: string | null;
  /** The peer, completed with the program's claim (throws PeerRefused when it cannot be told). */
  complete(claim: Claim): Peer;
}

/** Called on each accepted socket, while the program that connected is surely still there. */
export type Identify = (socket: Socket) => Identified;

/** `hideKnown` hides the secret values Keyhold holds from the command lines it keeps. */
export function peerIdentifier(
  reader: PeerCredentialReader | null,
  hideKnown: HideKnown = (text) => text,
  platform = process.platform,
): Identify {
  const uid = process.getuid?.() ?? null;
  return (socket) => {
    const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
    // Node exposes no fd on Windows (nor a HANDLE for GetNamedPipeClientProcessId).
    const claimed = { refusal: null, complete: (claim: Claim) => claimedPeer(claim, hideKnown) };
    if (!reader || uid === null || typeof fd !== 'number' || fd < 0) return claimed;
    const cred = reader.peer(fd);
    if (!cred) return claimed;
    if (cred.uid !== uid) {
      const refusal = `Keyhold answers only programs of its own user; this one runs as uid ${cred.uid}.`;
      return { refusal, complete: () => refuse(refusal) };
    }
    if (platform !== 'linux')
      return { refusal: null, complete: (claim) => macPeer(reader, cred.pid, uid, claim, hideKnown) };
    try {
      const peer = linuxPeer(cred.pid, uid, hideKnown);
      return { refusal: null, complete: () => peer };
    } catch (error) {
      return { refusal: null, complete: () => refuse((error as Error).message) };
    }
  };
}

const refuse = (message: string): never => {
  throw new PeerRefused(message);
};

function linuxPeer(pid: number, uid: number, hideKnown: HideKnown): Peer {
  const self = readProcess(pid);
  if (!self) {
    throw new PeerRefused('Keyhold could not look up the program that connected (it exited).');
  }
  const parent = readProcess(self.stat.ppid);
  const program: Program = {
    ...processView(self.pid, self.exe, self.argv, hideKnown),
    cwd: self.cwd === null ? null : visible(self.cwd),
    parent: parent ? processView(parent.pid, parent.exe, parent.argv, hideKnown) : null,
    verified: 'kernel',
  };
  return { program, terminal: linuxTerminal(self, uid) };
}

/**
 * "This terminal" on Linux: the session (its id is the leader's pid) with the leader's start time,
 * so a reused pid is another session, and the tty, so a reused /dev/pts/N is another terminal.
 * Processes without a controlling terminal (IDE tasks, cron, setsid) get no grant.
 */
function linuxTerminal(self: ProcProcess, uid: number): Peer['terminal'] {
  const { session, ttyNr } = self.stat;
  if (ttyNr === 0 || session <= 0) return null;
  const leader = readStat(session);
  if (!leader || leader.session !== session) return null;
  const leaderName = nameOf(readProcess(session)?.exe ?? '') || 'its shell';
  return {
    key: `linux:${uid}:${session}:${leader.startTime}:${ttyNr}`,
    label: `${ttyName(ttyNr)} (the session of ${leaderName}, pid ${session})`,
  };
}

/** macOS tells the pid (LOCAL_PEERPID) and, through libproc, executable, parent and terminal. */
function macPeer(
  reader: PeerCredentialReader,
  pid: number,
  uid: number,
  claim: Claim,
  hideKnown: HideKnown,
): Peer {
  const self = reader.macProcess?.(pid);
  if (!self) throw new PeerRefused('Keyhold could not look up the program that connected (it exited).');
  const parent = reader.macProcess?.(self.ppid);
  const leader = self.session ? reader.macProcess?.(self.session) : null;
  const program: Program = {
    // The command line and folder are the program's claim (the dialog says so).
    ...processView(pid, self.exe, [self.exe, ...claim.argv.slice(1)], hideKnown),
    cwd: visible(claim.cwd),
    parent: parent ? processView(parent.pid, parent.exe, [parent.exe], hideKnown) : null,
    verified: 'pid',
  };
  const terminal =
    self.tty !== null && leader
      ? {
          key: `darwin:${uid}:${self.session}:${leader.startTime}:${self.tty}`,
          label: `this terminal (the session of ${nameOf(leader.exe) || 'its shell'}, pid ${self.session})`,
        }
      : null;
  return { program, terminal };
}

/**
 * Where the OS tells nothing (Windows, or a Unix whose peer credentials cannot be read): the
 * program's own claim, labelled as such, and no terminal grant (only "Allow once").
 */
export function claimedPeer(claim: Claim, hideKnown: HideKnown = (text) => text): Peer {
  const program: Program = {
    ...processView(claim.pid, claim.exe, claim.argv, hideKnown),
    cwd: visible(claim.cwd),
    parent: { pid: claim.ppid, name: '', exe: '', args: [] },
    verified: 'claim',
  };
  // Any program of the user can name any terminal: a grant keyed by a claim would be one for all.
  return { program, terminal: null };
}

const MAX_ARGS = 24;

function processView(pid: number, exe: string, argv: readonly string[], hideKnown: HideKnown): ProcessView {
  const args = maskArguments(argv.slice(1), hideKnown);
  const shown = args.slice(0, MAX_ARGS).map((arg) => visible(arg));
  if (args.length > MAX_ARGS) shown.push(`… ${args.length - MAX_ARGS} more`);
  return { pid, name: programName(exe || argv[0] || '', args), exe: visible(exe), args: shown };
}

/** "node (keyhold)" for a script run by node, else the executable's file name. */
function programName(exe: string, args: readonly string[]): string {
  const name = nameOf(exe);
  const script = args.find((arg) => /\.(c|m)?(j|t)s$/.test(arg));
  return visible(script ? `${name} (${nameOf(script).replace(/\.\w+$/, '')})` : name, 80);
}

const nameOf = (path: string) => path.split(/[\\/]/).pop() ?? '';
