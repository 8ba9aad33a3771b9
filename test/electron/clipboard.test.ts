import { beforeEach, describe, expect, it, vi } from 'vitest';
import { clipboard, ClipboardItem, resetFakes } from './fake-electron';
import { createElectronClipboard, osFormat } from '../../src/main/clipboard';

vi.mock('electron', () => import('./fake-electron'));

beforeEach(resetFakes);

const HINTS = {
  'x-kde-passwordManagerHint': 'secret',
  'org.nspasteboard.ConcealedType': '',
  ExcludeClipboardContentFromMonitorProcessing: '',
  CanIncludeInClipboardHistory: '0',
};

async function bytes(value: unknown): Promise<number[]> {
  expect(value).toBeInstanceOf(Blob);
  return [...new Uint8Array(await (value as Blob).arrayBuffer())];
}

describe('Electron clipboard adapter', () => {
  it('writes the text and every hint in one ClipboardItem, in one write call', async () => {
    await createElectronClipboard().write('s3cr3t-value', HINTS);
    expect(clipboard.write).toHaveBeenCalledTimes(1);
    const items = clipboard.write.mock.calls[0]![0];
    expect(items).toHaveLength(1);
    const item = items[0]!;
    expect(item).toBeInstanceOf(ClipboardItem);
    expect(item.types.sort()).toEqual(
      [
        'text/plain',
        'electron application/osclipboard;format="x-kde-passwordManagerHint"',
        'electron application/osclipboard;format="org.nspasteboard.ConcealedType"',
        'electron application/osclipboard;format="ExcludeClipboardContentFromMonitorProcessing"',
        'electron application/osclipboard;format="CanIncludeInClipboardHistory"',
      ].sort(),
    );
    expect(item.items['text/plain']).toBe('s3cr3t-value');
    expect(item.items[osFormat('x-kde-passwordManagerHint')]).toBe('secret');
  });

  it('writes Windows DWORD hints as four little-endian bytes, not the character "0"', async () => {
    await createElectronClipboard().write('x', {
      CanIncludeInClipboardHistory: '0',
      CanUploadToCloudClipboard: '1',
    });
    const item = clipboard.write.mock.calls[0]![0][0]!;
    expect(await bytes(item.items[osFormat('CanIncludeInClipboardHistory')])).toEqual([0, 0, 0, 0]);
    expect(await bytes(item.items[osFormat('CanUploadToCloudClipboard')])).toEqual([1, 0, 0, 0]);
  });

  it('writes public text alone when there are no hints', async () => {
    await createElectronClipboard().write('client-id-123', {});
    expect(clipboard.write.mock.calls[0]![0][0]!.types).toEqual(['text/plain']);
  });

  it('resolves only once Electron has written', async () => {
    let finish: () => void = () => {};
    clipboard.write.mockReturnValueOnce(new Promise<void>((resolve) => (finish = resolve)));
    let done = false;
    const writing = Promise.resolve(createElectronClipboard().write('x', {})).then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    finish();
    await writing;
    expect(done).toBe(true);
  });

  it('reads and clears through Electron', async () => {
    clipboard.readText.mockResolvedValueOnce('what is there');
    const port = createElectronClipboard();
    expect(await port.readText()).toBe('what is there');
    port.clear();
    expect(clipboard.clear).toHaveBeenCalledTimes(1);
  });
});
