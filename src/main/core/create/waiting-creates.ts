// Quitting while a create waits for its answer: the answer carries the only copy of a secret,
// so Keyhold says so and waits, unless the user quits anyway (the attempt is then journalled as
// unknown). Asked again if the user quits again while it waits. Both hosts use it: the desktop
// app asks in a dialog, the browser host in its terminal.
import { type Attempt } from '../../../shared/domain';
import { PROVIDER_INFO } from '../../../shared/providers';
import type { Core } from '../core';

export type QuitChoice = 'wait' | 'quit';
export type AskToQuit = (waiting: readonly Attempt[]) => Promise<QuitChoice>;

export function waitForCreatesBeforeQuit(
  core: Pick<Core, 'waitingCreates' | 'abandonWaitingCreates' | 'createsSettled'>,
  ask: AskToQuit,
): { before(): Promise<void>; onRepeat(): void } {
  let asking = false;
  const decide = async () => {
    const waiting = core.waitingCreates();
    if (waiting.length === 0 || asking) return;
    asking = true;
    try {
      if ((await ask(waiting)) === 'quit') core.abandonWaitingCreates();
    } finally {
      asking = false;
    }
  };
  return {
    async before() {
      await decide();
      await core.createsSettled();
    },
    onRepeat: () => void decide(),
  };
}

/** The question, in the user's words: who is awaited, and what quitting anyway costs. */
export function quitQuestion(waiting: readonly Attempt[], waitMinutes: number) {
  const first = waiting[0]!;
  const who =
    waiting.length === 1
      ? `${PROVIDER_INFO[first.provider].label} to answer the create of “${first.name}”`
      : `the answers to ${waiting.length} creates`;
  return {
    message: `Keyhold is waiting for ${who}.`,
    detail:
      `The answer carries the only copy of the client’s secret. Keyhold quits as soon as it arrives ` +
      `(in at most ${waitMinutes} minutes). If you quit now, the attempt is marked as having an unknown ` +
      `outcome: the client may exist at the provider without its secret.`,
    buttons: ['Wait, then quit', 'Quit anyway'],
  };
}
