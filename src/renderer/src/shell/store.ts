// Which top-level dialog is open, and short notes shown after an action.
import { create } from 'zustand';
import type { Attempt, Provider } from '../../../shared/domain';

export type DialogState =
  | { kind: 'create' }
  /** `from`: the unknown-outcome attempt whose client is being imported. */
  | { kind: 'import'; from?: Attempt }
  | { kind: 'settings'; focus?: 'storage' }
  | { kind: 'addConnection' }
  | { kind: 'shortcuts' };

interface UiState {
  dialog: DialogState | null;
  /** Shown in the detail panel after a create: the provider shows the secret only once. */
  createdNote: { clientId: string; provider: Provider } | null;
  /** A short status line (role=status), e.g. the result of a keyboard copy. */
  notice: { id: number; text: string; tone: 'info' | 'error' } | null;
  open(dialog: DialogState): void;
  close(): void;
  setCreatedNote(note: UiState['createdNote']): void;
  notify(text: string, tone?: 'info' | 'error'): void;
  clearNotice(): void;
}

let noticeId = 0;

export const useUi = create<UiState>()((set) => ({
  dialog: null,
  createdNote: null,
  notice: null,
  open: (dialog) => set({ dialog }),
  close: () => set({ dialog: null }),
  setCreatedNote: (createdNote) => set({ createdNote }),
  notify: (text, tone = 'info') => set({ notice: { id: ++noticeId, text, tone } }),
  clearNotice: () => set({ notice: null }),
}));
