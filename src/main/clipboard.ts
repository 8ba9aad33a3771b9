// The core's ClipboardPort over Electron 45's clipboard, which follows the W3C async
// Clipboard API: write([ClipboardItem]) / readText() return promises; clear() is sync.
//
// Atomicity: one ClipboardItem carrying text/plain and every hint format, in a single
// write() call, is committed to the OS clipboard as one transaction (Electron documents
// this): no clipboard manager ever sees the secret without its "concealed" hints. Clearing
// is not atomic with the core's "does it still hold our secret?" check (readText, then
// clear): another app could copy in between and we would clear its content. That window
// is a few milliseconds and every password manager shares it; no OS offers compare-and-clear.
import { ClipboardItem, clipboard } from 'electron';
import type { ClipboardHints, ClipboardPort } from './core';

/** Raw OS clipboard formats travel as Electron's custom `osclipboard` MIME type. */
export const osFormat = (name: string): string => `electron application/osclipboard;format="${name}"`;

/**
 * Windows reads these formats as a DWORD: the string '0' would arrive as the byte 0x30,
 * a non-zero value that *allows* history/cloud sync. They are encoded as 4 little-endian bytes.
 */
const DWORD_FORMATS = new Set(['CanIncludeInClipboardHistory', 'CanUploadToCloudClipboard']);

function encodeHint(format: string, value: string): string | Blob {
  if (!DWORD_FORMATS.has(format)) return value;
  const dword = Buffer.alloc(4);
  dword.writeUInt32LE(Number(value) >>> 0);
  return new Blob([dword]);
}

export function clipboardItemData(text: string, hints: ClipboardHints): Record<string, string | Blob> {
  const data: Record<string, string | Blob> = { 'text/plain': text };
  for (const [format, value] of Object.entries(hints)) data[osFormat(format)] = encodeHint(format, value);
  return data;
}

export function createElectronClipboard(): ClipboardPort {
  return {
    write: (text, hints) => clipboard.write([new ClipboardItem(clipboardItemData(text, hints))]),
    readText: () => clipboard.readText(),
    clear: () => clipboard.clear(),
  };
}
