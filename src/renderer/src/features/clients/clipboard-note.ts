// "Copied — clipboard clears in 30 s": said under the one thing the clipboard holds now (a field,
// or a client's .env/JSON), moved by the next copy, and ended when main clears the clipboard.
import { create } from 'zustand';
import { copiedMessage } from '../../lib/format';

/** How long a plain "Copied" stays when the clipboard is not cleared (auto-clear off, public values). */
const PLAIN_NOTE_MS = 5000;

/** What a note belongs to: one field of a client, or its export. */
export const fieldHolder = (clientId: string, field: string) => `${clientId}:field:${field}`;
export const exportHolder = (clientId: string) => `${clientId}:export`;

interface ClipboardNoteState {
  /** The holder the note is under, and what it says; null when there is none. */
  note: { holder: string; message: string } | null;
  /** Ends the note (the clipboard's clear time, or PLAIN_NOTE_MS). */
  timer: ReturnType<typeof setTimeout> | undefined;
  /** A copy to `holder` succeeded; `clearsAt` is main's answer. */
  copied(holder: string, clearsAt: string | null): void;
}

export const useClipboardNote = create<ClipboardNoteState>()((set, get) => ({
  note: null,
  timer: undefined,
  copied(holder, clearsAt) {
    clearTimeout(get().timer);
    const at = clearsAt ? Date.parse(clearsAt) : NaN;
    const ms = Number.isNaN(at) ? PLAIN_NOTE_MS : Math.max(0, at - Date.now());
    const note = { holder, message: copiedMessage(clearsAt) };
    const timer = setTimeout(() => {
      if (get().note === note) set({ note: null, timer: undefined });
    }, ms);
    set({ note, timer });
  },
}));

/** The note of `holder`, or null. */
export const useNoteOf = (holder: string) =>
  useClipboardNote((s) => (s.note?.holder === holder ? s.note.message : null));
