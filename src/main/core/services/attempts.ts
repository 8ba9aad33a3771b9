// The create attempts the user must see: received but not yet saved, still waiting for an
// answer, and those with an unknown outcome — from memory, the rescue files and the journal.
import type { Operation } from '../../../shared/domain';
import type { CreatesInFlight } from './creates-in-flight';
import type { Journal } from './journal';
import type { Held, Rescue } from './rescue';

export function listAttempts(journal: Journal, inFlight: CreatesInFlight, rescue: Rescue): Operation[] {
  const held = rescue.list().flatMap((entry) => heldAttempt(journal, entry));
  const shown = new Set(held.map((op) => op.id));
  return [
    ...held,
    ...inFlight.waiting().filter((op) => !shown.has(op.id)),
    ...journal.listUnknown().filter((op) => !shown.has(op.id)),
  ];
}

/** A held client is 'received'; a held outcome is what the journal could not record. */
function heldAttempt(journal: Journal, { record }: Held): Operation[] {
  if (record.kind === 'outcome' && record.state !== 'unknown') return [];
  const state = record.kind === 'client' ? 'received' : 'unknown';
  const error =
    record.kind === 'outcome'
      ? { errorCode: record.code, errorMessage: record.message }
      : { errorCode: null, errorMessage: null };
  let journalled: Operation | undefined;
  try {
    journalled = journal.get(record.operationId);
  } catch {
    journalled = undefined;
  }
  if (journalled) return [{ ...journalled, state, ...error }];
  if (record.kind === 'outcome') return [];
  const { client } = record;
  return [
    {
      id: record.operationId,
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
