// Where focus goes when a dialog closes: back to the element that opened it, or (when that is gone
// or was nothing) to the client list, or the empty list's first action — never the search box, so
// a single-key shortcut (N) works again at once. An opener may leave the page just after the
// dialog closes (a create replaces the empty list's button by the list): whichever of those places
// appears next takes the focus the page lost (useTakeLostFocus).
import { useEffect, type RefObject } from 'react';

/** The last place a closing dialog sent focus to; null when there was none. */
let returnedTo: HTMLElement | null = null;
let pending = false;

/** The list, else the empty list's first action. */
function home(): HTMLElement | null {
  return document.querySelector<HTMLElement>('#client-list, .list-empty .button');
}

/** Moves focus to the list (the search box's Escape when it is empty). */
export function focusList(): void {
  home()?.focus();
}

/** Called as the last open dialog closes. */
export function returnFocus(opener: HTMLElement | null): void {
  const target = opener && opener.isConnected && opener !== document.body ? opener : home();
  target?.focus();
  returnedTo = target && document.activeElement === target ? target : null;
  pending = true;
}

/** True while the focus a dialog returned is lost: on <body>, its target gone or never found. */
function focusLost(): boolean {
  return (
    pending && document.activeElement === document.body && (returnedTo === null || !returnedTo.isConnected)
  );
}

/**
 * Focuses `ref` (or its first `selector` match) as it appears (`shown` turns true), if the focus a
 * dialog returned was lost meanwhile.
 */
export function useTakeLostFocus(
  ref: RefObject<HTMLElement | null>,
  shown: boolean,
  selector?: string,
): void {
  useEffect(() => {
    if (!shown || !focusLost()) return;
    const target = selector ? ref.current?.querySelector<HTMLElement>(selector) : ref.current;
    if (!target) return;
    target.focus();
    pending = false;
  }, [ref, shown, selector]);
}
