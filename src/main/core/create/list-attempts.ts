// The create attempts the user must see: received but not yet saved, still waiting for an
// answer, and those with an unknown outcome — from memory, the rescue files and the store.
import type { Attempt } from '../../../shared/domain';
import type { CreatesInFlight } from './creates-in-flight';
import type { CreateAttempts } from './journal';
import type { Held, Rescue } from './rescue';

export function listAttempts(attempts: CreateAttempts, inFlight: CreatesInFlight, rescue: Rescue): Attempt[] {
  const held = rescue.list().flatMap((entry) => heldAttempt(attempts, entry));
  const shown = new Set(held.map((attempt) => attempt.id));
  return [
    ...held,
    ...inFlight.waiting().filter((attempt) => !shown.has(attempt.id)),
    ...attempts.listUnknown().filter((attempt) => !shown.has(attempt.id)),
  ];
}

/** A held client is 'received'; a held outcome is what the store could not record. */
function heldAttempt(attempts: CreateAttempts, { record }: Held): Attempt[] {
  if (record.kind === 'outcome' && record.state !== 'unknown') return [];
  const state = record.kind === 'client' ? 'received' : 'unknown';
  const error =
    record.kind === 'outcome'
      ? { errorCode: record.code, errorMessage: record.message }
      : { errorCode: null, errorMessage: null };
  let recorded: Attempt | undefined;
  try {
    recorded = attempts.get(record.attemptId);
  } catch {
    recorded = undefined;
  }
  if (recorded) return [{ ...recorded, state, ...error }];
  if (record.kind === 'outcome') return [];
  const { client } = record;
  return [
    {
      id: record.attemptId,
      provider: client.provider,
      connectionId: client.connectionId,
      connectionLabel: client.connectionLabel,
      environment: client.environment,
      name: client.name,
      remoteId: client.provider === 'mythic' ? client.remoteId : null,
      state,
      ...error,
      startedAt: new Date().toISOString(),
      finishedAt: null,
    },
  ];
}
