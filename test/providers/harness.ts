// Helpers shared by the provider tests.
import { expect } from 'vitest';
import { KeyholdError, type KeyholdErrorData } from '../../src/shared/errors';
import type { FakeServer } from '../fakes/fake-server';

/** Everything that must never appear in an error: the token and every secret issued. */
export function secretsOf(server: FakeServer): string[] {
  return [server.token, ...server.issued.map((entry) => entry.value)];
}

/** Awaits a rejection, checks it is a KeyholdError that leaks none of `secrets`, returns its data. */
export async function keyholdError(
  promise: Promise<unknown>,
  secrets: () => readonly string[],
): Promise<KeyholdErrorData> {
  const err = await promise.then(
    () => expect.unreachable('expected the call to fail'),
    (error: unknown) => error,
  );
  expect(err).toBeInstanceOf(KeyholdError);
  const data = (err as KeyholdError).data;
  const text = `${JSON.stringify(data)} ${(err as Error).message} ${(err as Error).stack ?? ''}`;
  for (const secret of secrets()) expect(text).not.toContain(secret);
  expect(data.message.length).toBeGreaterThan(20);
  return data;
}
