import type { ClipboardHints, ClipboardPort } from '../ports';

/** A process-local clipboard: the browser host's and the tests' stand-in for the OS one. */
export class MemoryClipboard implements ClipboardPort {
  text = '';
  hints: ClipboardHints = {};
  async write(text: string, hints: ClipboardHints): Promise<void> {
    this.text = text;
    this.hints = { ...hints };
  }
  async readText(): Promise<string> {
    return this.text;
  }
  clear(): void {
    this.text = '';
    this.hints = {};
  }
}
