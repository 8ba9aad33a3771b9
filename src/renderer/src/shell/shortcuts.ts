// Keyboard shortcuts: one table shown in the help dialog and matched by the global handler.

export type ShortcutAction =
  | { kind: 'newClient' }
  | { kind: 'focusSearch' }
  | { kind: 'environment'; index: number }
  | { kind: 'copySecret' }
  | { kind: 'help' };

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

let macPlatform: boolean | undefined;

/** Read once: the platform does not change, and the search box's render asks on every keystroke. */
export function isMacPlatform(): boolean {
  if (macPlatform === undefined) {
    const nav = globalThis.navigator as (Navigator & { userAgentData?: { platform?: string } }) | undefined;
    macPlatform = /mac/i.test(nav?.userAgentData?.platform ?? nav?.platform ?? '');
  }
  return macPlatform;
}

export function modLabel(mac = isMacPlatform()): string {
  return mac ? '⌘' : 'Ctrl';
}

/**
 * The action for a keydown, or null. Single-key shortcuts (N, /, ?) only fire outside text
 * fields; modifier shortcuts fire everywhere. `mod` is Cmd on macOS and Ctrl elsewhere.
 */
export function matchShortcut(
  e: KeyInput,
  inTextField: boolean,
  mac = isMacPlatform(),
): ShortcutAction | null {
  const mod = mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && !e.altKey) {
    if (e.shiftKey) return key === 'c' ? { kind: 'copySecret' } : null;
    if (key === 'n') return { kind: 'newClient' };
    if (key === 'f') return { kind: 'focusSearch' };
    if (key === '1' || key === '2' || key === '3') return { kind: 'environment', index: Number(key) - 1 };
    return null;
  }
  if (inTextField || e.ctrlKey || e.metaKey || e.altKey) return null;
  if (key === '?') return { kind: 'help' };
  if (e.shiftKey) return null;
  if (key === 'n') return { kind: 'newClient' };
  if (key === '/') return { kind: 'focusSearch' };
  return null;
}

/** The rows of the "Keyboard shortcuts" dialog. */
export function shortcutList(mac = isMacPlatform()): { keys: string[]; label: string }[] {
  const m = modLabel(mac);
  return [
    { keys: ['N', `${m}+N`], label: 'New client' },
    { keys: ['/', `${m}+F`], label: 'Search clients' },
    { keys: [`${m}+1`, `${m}+2`, `${m}+3`], label: 'Production, Staging, Development' },
    { keys: ['↑', '↓', 'Home', 'End'], label: 'Move the selection in the list' },
    { keys: ['Enter'], label: 'Open the selected client’s details' },
    { keys: [`${m}+Shift+C`], label: 'Copy the selected client’s secret' },
    { keys: ['?'], label: 'Show keyboard shortcuts' },
    { keys: ['Esc'], label: 'Close a dialog' },
  ];
}

export function isTextField(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  if (el.tagName !== 'INPUT') return false;
  const type = (el as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
}
