// What Linux's /proc says about a process of this user: executable, folder, command line, and
// the fields of /proc/<pid>/stat that say which terminal session it belongs to.
import { readFileSync, readlinkSync } from 'node:fs';

export interface ProcStat {
  ppid: number;
  /** The session id: the pid of the session leader (the terminal's shell). */
  session: number;
  /** The controlling terminal's device number; 0 for none. */
  ttyNr: number;
  /** Clock ticks since boot: with the pid, what tells this process from a later one with its pid. */
  startTime: number;
}

/**
 * Parses /proc/<pid>/stat. The command name (field 2) may hold spaces and parentheses, so the
 * fields are read after the last ')'; start time is field 22.
 */
export function parseStat(text: string): ProcStat | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  // After ") ": state(3) ppid(4) pgrp(5) session(6) tty_nr(7) … starttime(22).
  const fields = text.slice(close + 2).split(' ');
  const numbers = [fields[1], fields[3], fields[4], fields[19]].map(Number);
  if (numbers.some((n) => !Number.isInteger(n))) return null;
  const [ppid, session, ttyNr, startTime] = numbers as [number, number, number, number];
  return { ppid, session, ttyNr, startTime };
}

export interface ProcProcess {
  pid: number;
  stat: ProcStat;
  exe: string;
  cwd: string | null;
  argv: string[];
}

const attempt = <T>(read: () => T): T | null => {
  try {
    return read();
  } catch {
    return null;
  }
};

export function readStat(pid: number): ProcStat | null {
  return attempt(() => parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8')));
}

/**
 * The process `pid`, or null when it is gone, or when its pid was reused while it was being read
 * (the start time must be the same before and after).
 */
export function readProcess(pid: number): ProcProcess | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const stat = readStat(pid);
  if (!stat) return null;
  const exe = attempt(() => readlinkSync(`/proc/${pid}/exe`)) ?? '';
  const cwd = attempt(() => readlinkSync(`/proc/${pid}/cwd`));
  const argv = (attempt(() => readFileSync(`/proc/${pid}/cmdline`, 'utf8')) ?? '').split('\0');
  if (argv.at(-1) === '') argv.pop();
  if (readStat(pid)?.startTime !== stat.startTime) return null;
  return { pid, stat, exe, cwd, argv };
}

/** The device name of a tty_nr: /dev/pts/N for pseudo-terminals, /dev/ttyN for consoles. */
export function ttyName(ttyNr: number): string {
  const major = (ttyNr >> 8) & 0xfff;
  const minor = (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00);
  if (major === 136) return `/dev/pts/${minor}`;
  if (major === 4 && minor < 64) return `/dev/tty${minor}`;
  return `the terminal ${major}:${minor}`;
}
