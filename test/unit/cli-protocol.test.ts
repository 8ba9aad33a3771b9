import { describe, expect, it } from 'vitest';
import { answerSchema, MAX_REFERENCES, protocolProblem, requestSchema } from '../../src/shared/cli-protocol';

const envelope = {
  v: 1,
  nonce: 'n'.repeat(22),
  proof: 'p'.repeat(43),
  claim: {
    pid: 10,
    ppid: 9,
    exe: '/usr/bin/node',
    cwd: '/home/ada',
    argv: ['node', 'keyhold.cjs'],
    terminal: null,
  },
};

describe('CLI wire format', () => {
  it('takes the three requests', () => {
    for (const request of [
      { ...envelope, op: 'list', environment: 'production' },
      { ...envelope, op: 'read', command: 'run', refs: ['keyhold://production/a/secret_key'] },
      { ...envelope, op: 'env', ref: 'keyhold://production/a' },
    ]) {
      expect(requestSchema.safeParse(request).success).toBe(true);
    }
  });

  it.each([
    ['another version', { ...envelope, v: 2, op: 'list' }, 'v'],
    ['an unknown op', { ...envelope, op: 'write' }, 'op'],
    ['an unknown key', { ...envelope, op: 'list', secret: 'x' }, 'message'],
    ['no reference', { ...envelope, op: 'read', command: 'read', refs: [] }, 'refs'],
    [
      'too many references',
      { ...envelope, op: 'read', command: 'read', refs: Array(MAX_REFERENCES + 1).fill('keyhold://a/b/c') },
      'refs',
    ],
    ['another command', { ...envelope, op: 'read', command: 'list', refs: ['keyhold://a/b/c'] }, 'command'],
    ['a short nonce', { ...envelope, nonce: 'n', op: 'list' }, 'nonce'],
    [
      'a huge argument',
      { ...envelope, op: 'list', claim: { ...envelope.claim, argv: ['x'.repeat(5000)] } },
      'claim.argv.0',
    ],
  ])('refuses %s, saying where', (_what, request, where) => {
    const parsed = requestSchema.safeParse(request);
    expect(parsed.success).toBe(false);
    if (!parsed.success)
      expect(protocolProblem(parsed.error).startsWith(`${where}:`) || where === 'message').toBe(true);
  });

  it('takes the answers, and refuses one that is neither', () => {
    const ok = { v: 1, proof: 'p', type: 'done', result: { ok: true, values: ['x'] } };
    expect(answerSchema.safeParse(ok).success).toBe(true);
    expect(answerSchema.safeParse({ v: 1, proof: 'p', type: 'waiting', timeoutMs: 60_000 }).success).toBe(
      true,
    );
    expect(
      answerSchema.safeParse({
        v: 1,
        proof: '',
        type: 'done',
        result: { ok: false, error: { code: 'denied', message: 'no' } },
      }).success,
    ).toBe(true);
    expect(answerSchema.safeParse({ ...ok, result: { ok: true, values: ['x'], extra: 1 } }).success).toBe(
      false,
    );
    expect(
      answerSchema.safeParse({ ...ok, result: { ok: false, error: { code: 'oops', message: '' } } }).success,
    ).toBe(false);
  });
});
