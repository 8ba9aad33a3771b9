import { describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { claimedPeer, peerIdentifier, visible } from '../../src/main/core/cli-access/peer';
import { procBsdInfo } from '../../src/main/core/cli-access/peer-credentials';
import { parseStat, readProcess, ttyName } from '../../src/main/core/cli-access/proc';

describe('who asks: /proc, the claim, and what the dialog shows', () => {
  it('reads /proc/<pid>/stat after the last parenthesis, whatever the command name holds', () => {
    const stat =
      '4242 (we ird) (name)) S 4000 4242 3990 34816 4242 4194304 1 2 3 4 5 6 7 8 20 0 1 0 987654 1 2';
    expect(parseStat(stat)).toEqual({ ppid: 4000, session: 3990, ttyNr: 34816, startTime: 987654 });
    expect(parseStat('garbage')).toBeNull();
  });

  it('names terminals the way ls /dev does', () => {
    expect(ttyName(34816)).toBe('/dev/pts/0');
    expect(ttyName((136 << 8) | 7)).toBe('/dev/pts/7');
    expect(ttyName((136 << 8) | (300 & 0xff) | ((300 & 0xfff00) << 12))).toBe('/dev/pts/300');
    expect(ttyName((4 << 8) | 2)).toBe('/dev/tty2');
  });

  it.runIf(process.platform === 'linux')('reads this very process from /proc', () => {
    const self = readProcess(process.pid)!;
    expect(self.exe).toBe(process.execPath);
    expect(self.cwd).toBe(process.cwd());
    expect(self.argv[0]).toBe(process.argv0);
    expect(self.stat.ppid).toBe(process.ppid);
    expect(readProcess(2 ** 22 + 12345)).toBeNull();
  });

  it('shows control, format and bidi characters as escapes, and shortens long text', () => {
    expect(visible('evil\u202egpj.exe')).toBe('evil\\u{202E}gpj.exe');
    expect(visible('a\nb\u0000c\u200bd')).toBe('a\\u{A}b\\u{0}c\\u{200B}d');
    expect(visible('x'.repeat(400))).toHaveLength(301);
  });

  it("labels a claimed program as the program's own word", () => {
    const peer = claimedPeer({
      pid: 77,
      ppid: 70,
      exe: 'C:\\Program Files\\nodejs\\node.exe',
      cwd: 'C:\\src',
      argv: [
        'node.exe',
        'C:\\Keyhold\\resources\\cli\\keyhold.cjs',
        'read',
        'keyhold://production/a/secret_key',
      ],
      terminal: 'Windows Terminal tab 1f2e',
    });
    expect(peer.program).toMatchObject({
      pid: 77,
      name: 'node.exe (keyhold)',
      verified: 'claim',
      parent: { pid: 70 },
    });
    // Any program could name that terminal: a claim never gets "Allow for this terminal".
    expect(peer.terminal).toBeNull();
  });

  it('offers no terminal grant where peer credentials cannot be read (a Unix without koffi)', () => {
    const identified = peerIdentifier(null)({} as Socket);
    expect(identified.refusal).toBeNull();
    const peer = identified.complete({
      pid: 4242,
      ppid: 1234,
      exe: '/usr/bin/node',
      cwd: '/tmp',
      argv: ['node', 'keyhold.cjs', 'read', 'keyhold://production/a/secret_key'],
      terminal: 'terminal of pid 1234',
    });
    expect(peer.program.verified).toBe('claim');
    expect(peer.terminal).toBeNull();
  });

  it("matches macOS's struct proc_bsdinfo (136 bytes)", async () => {
    const koffi = (await import('koffi')).default;
    expect(koffi.sizeof(procBsdInfo(koffi))).toBe(136);
  });
});
