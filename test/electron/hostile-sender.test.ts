// A hostile renderer, Electron side (electron mocked as in ipc.test.ts).
// Property tests over the IPC sender check in src/main/ipc.ts: whatever frame a call claims to
// come from — another origin, file:, data:, about:blank, a subframe, a destroyed frame, app://
// look-alikes, the dev server when it is not trusted — the handler answers forbidden_sender and
// the core's dispatch is never reached. And only the contract's channels exist at all.
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ipcMain, resetFakes } from './fake-electron';
import { registerIpc } from '../../src/main/ipc';
import { channelOf, METHODS, type Method } from '../../src/shared/channels';
import type { Result } from '../../src/shared/errors';
import { anyValue, hostileString, INHERITED_NAMES } from '../support/hostile-payloads';

vi.mock('electron', () => import('./fake-electron'));

const SEED = Number(process.env['FC_SEED'] ?? 7_300_001);
const RUNS = 1_000;
const APP_ORIGINS = ['app://keyhold'];
const DEV_ORIGINS = ['app://keyhold', 'http://localhost:5173'];

interface Frame {
  url: string;
  parent: Frame | null | undefined;
}
const OK: Result<unknown> = { ok: true, value: 'dispatched' };
const dispatch = vi.fn(async (_method: string, _payload: unknown): Promise<Result<unknown>> => OK);
const FORBIDDEN = { ok: false, error: { code: 'forbidden_sender', message: expect.any(String) } };

const invoke = (
  channel: string,
  senderFrame: Frame | null | undefined,
  payload: unknown,
): Promise<unknown> => {
  const handler = ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return Promise.resolve(
    handler({ senderFrame, sender: { getURL: () => 'app://keyhold/index.html' } }, payload),
  );
};

const top = (url: string): Frame => ({ url, parent: null });
const method = fc.constantFrom(...METHODS);
const path = fc.webPath();
const suffix = fc
  .tuple(path, fc.webQueryParameters(), fc.webFragments())
  .map(([p, q, f]) => `${p}${q ? `?${q}` : ''}${f ? `#${f}` : ''}`);

/** Hosts that look like keyhold and are not it (by construction). */
const LOOKALIKE_HOSTS = [
  'keyhold.evil',
  'keyhold.evil.example',
  'evil.keyhold',
  'evil',
  'keyholdx',
  'xkeyhold',
  'keyhold.',
  'keyhold..',
  'keyhold:1',
  'keyhold:443',
  'keyhold:0',
  'KEYHOLD',
  'Keyhold',
  'keyhold%2eevil',
  'keyhold%00',
  'ke%79hold',
  'keyh\u043eld', // Cyrillic о
  'keyhold\u200b',
  'keyhold@evil',
  'keyhold%40evil',
  '127.0.0.1',
  '[::1]',
  'localhost',
];

/** URLs on other schemes, or with no host at all. */
const OTHER_SCHEME_URLS = [
  'about:blank',
  'about:srcdoc',
  'data:text/html,<script>window.keyhold.revealSecret()</script>',
  'data:text/html;base64,PHNjcmlwdD4=',
  'file:///home/user/index.html',
  'file://keyhold/index.html',
  'file:///C:/Users/user/app/index.html',
  'blob:app://keyhold/6b1d9f1e-0000-4000-8000-000000000000',
  'javascript:alert(1)',
  'view-source:app://keyhold/index.html',
  'chrome-error://chromewebdata/',
  'chrome://settings',
  'devtools://devtools/bundled/inspector.html',
  'apps://keyhold/index.html',
  'app2://keyhold/index.html',
  'http://keyhold/index.html',
  'https://keyhold/index.html',
  'ws://keyhold/',
  'app:keyhold/index.html',
  'app:/keyhold/index.html',
  'app:///keyhold/index.html',
  'app://',
  '',
  'not a url',
];

/** Loopback dev-server look-alikes: never trusted unless the dev server is, and then only its exact origin. */
const loopback = fc
  .tuple(
    fc.constantFrom('http', 'https', 'ws'),
    fc.constantFrom('127.0.0.1', 'localhost', '[::1]', '127.0.0.2', '0.0.0.0', 'localhost.', 'LOCALHOST'),
    fc.oneof(fc.constant(5173), fc.integer({ min: 1, max: 65_535 })),
  )
  .map(([scheme, host, port]) => `${scheme}://${host}:${port}/`);

const untrustedUrl: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.constantFrom(...LOOKALIKE_HOSTS), suffix).map(([h, s]) => `app://${h}${s}`),
  },
  { weight: 2, arbitrary: fc.domain().map((host) => `app://${host}/index.html`) },
  { weight: 2, arbitrary: fc.constantFrom(...OTHER_SCHEME_URLS) },
  { weight: 2, arbitrary: loopback },
  { weight: 1, arbitrary: hostileString },
);

/** app://keyhold with any path, query and fragment: trusted in a top-level frame only. */
const trustedUrl = suffix.map((s) => `app://keyhold${s}`);

/** A frame with 1–3 ancestors; the top one may even be trusted. */
const subframe = (url: fc.Arbitrary<string>): fc.Arbitrary<Frame> =>
  fc
    .tuple(url, fc.array(fc.oneof(trustedUrl, untrustedUrl), { minLength: 1, maxLength: 3 }))
    .map(([leaf, ancestors]) => {
      let parent: Frame | null = null;
      for (const ancestor of ancestors.reverse()) parent = { url: ancestor, parent };
      return { url: leaf, parent };
    });

const hostileFrame: fc.Arbitrary<Frame | null | undefined> = fc.oneof(
  { weight: 6, arbitrary: untrustedUrl.map(top) },
  { weight: 3, arbitrary: subframe(fc.oneof(trustedUrl, untrustedUrl)) },
  // parent undefined: not what Electron gives, and must not pass for "no parent".
  { weight: 1, arbitrary: trustedUrl.map((url): Frame => ({ url, parent: undefined })) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
);

/** The independent reading of "trusted": WHATWG-parsed app: scheme, host keyhold, no port. */
function trustedByOracle(frame: Frame | null | undefined, origins: readonly string[]): boolean {
  if (!frame || frame.parent !== null) return false;
  try {
    const url = new URL(frame.url);
    return origins.some((origin) => {
      const allowed = new URL(origin);
      return url.protocol === allowed.protocol && url.host === allowed.host && url.host !== '';
    });
  } catch {
    return false;
  }
}

beforeEach(() => {
  resetFakes();
  dispatch.mockClear();
});

describe('hostile senders (property tests over src/main/ipc.ts)', () => {
  it(`refuses every untrusted frame on every channel without reaching dispatch (${RUNS} runs)`, async () => {
    registerIpc(dispatch, APP_ORIGINS);
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(hostileFrame, method, anyValue, async (frame, name, payload) => {
        runs += 1;
        expect(await invoke(channelOf(name), frame, payload)).toEqual(FORBIDDEN);
        expect(dispatch).not.toHaveBeenCalled();
      }),
      { numRuns: RUNS, seed: SEED },
    );
    console.log(`hostile senders refused: ${runs} (frames × ${METHODS.length} channels)`);
  });

  it('dispatches calls from the top frame of app://keyhold, with the channel’s own method', async () => {
    registerIpc(dispatch, APP_ORIGINS);
    await fc.assert(
      fc.asyncProperty(trustedUrl, method, anyValue, async (url, name, payload) => {
        dispatch.mockClear();
        expect(await invoke(channelOf(name), top(url), payload)).toBe(OK);
        // The payload cannot pick another method: the channel decides.
        expect(dispatch).toHaveBeenCalledExactlyOnceWith(name, payload);
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it('agrees with an independent origin check on arbitrary frames', async () => {
    registerIpc(dispatch, APP_ORIGINS);
    const anyFrame = fc.oneof(hostileFrame, trustedUrl.map(top), fc.string().map(top));
    await fc.assert(
      fc.asyncProperty(anyFrame, method, async (frame, name) => {
        dispatch.mockClear();
        const result = await invoke(channelOf(name), frame, undefined);
        const trusted = trustedByOracle(frame, APP_ORIGINS);
        expect(result, JSON.stringify(frame)).toEqual(trusted ? OK : FORBIDDEN);
        expect(dispatch).toHaveBeenCalledTimes(trusted ? 1 : 0);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('in development trusts the dev server’s exact origin only, top frame only', async () => {
    registerIpc(dispatch, DEV_ORIGINS);
    const devLookalike = loopback.filter((url) => new URL(url).origin !== 'http://localhost:5173');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(devLookalike.map(top), subframe(suffix.map((s) => `http://localhost:5173${s}`))),
        method,
        async (frame, name) => {
          expect(await invoke(channelOf(name), frame, undefined)).toEqual(FORBIDDEN);
        },
      ),
      { numRuns: 300, seed: SEED },
    );
    expect(dispatch).not.toHaveBeenCalled();
    expect(
      await invoke(channelOf('getSettings'), top('http://localhost:5173/src/index.html'), undefined),
    ).toBe(OK);
  });
});

describe('reachable channels', () => {
  const CHANNELS = new Set(METHODS.map(channelOf));

  it('are exactly the contract methods, one handler each, and nothing else is registered', () => {
    registerIpc(dispatch, APP_ORIGINS);
    expect(new Set(ipcMain.handlers.keys())).toEqual(CHANNELS);
    expect(ipcMain.handle).toHaveBeenCalledTimes(METHODS.length);
  });

  it('no other channel name reaches a handler (inherited names, near misses, random)', () => {
    registerIpc(dispatch, APP_ORIGINS);
    const nearMisses = METHODS.flatMap((m: Method) => [
      m,
      `keyhold:${m} `,
      `keyhold:${m.toLowerCase()}`,
      `keyhold:${m}\u0000`,
      `keyhold/${m}`,
      `KEYHOLD:${m}`,
    ]);
    const channel = fc.oneof(
      fc.constantFrom(...INHERITED_NAMES.flatMap((n) => [n, `keyhold:${n}`])),
      fc.constantFrom(...nearMisses),
      hostileString.map((s) => `keyhold:${s}`),
      fc.string(),
    );
    let tried = 0;
    fc.assert(
      fc.property(channel, (name) => {
        tried += 1;
        expect(ipcMain.handlers.has(name)).toBe(CHANNELS.has(name));
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(tried).toBe(RUNS);
  });

  it('are removed again by the returned function', () => {
    const unregister = registerIpc(dispatch, APP_ORIGINS);
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('regression found by this suite', () => {
  // Regression (found by this suite) — src/main/ipc.ts isTrustedSender reads frame.parent / frame.url
  // outside any try. On a disposed frame every WebFrameMain accessor throws "Render frame was
  // disposed before WebFrameMain could be accessed" (electron/electron#52309), so the handler
  // rejects and the renderer's invoke rejects with Electron's error text instead of getting the
  // forbidden_sender Result. dispatch is still not reached. Fix: wrap the body of
  // isTrustedSender in try/catch and return false.
  const disposed = (): Frame => {
    const frame = {} as Frame;
    for (const key of ['url', 'parent'] as const) {
      Object.defineProperty(frame, key, {
        get() {
          throw new Error('Render frame was disposed before WebFrameMain could be accessed');
        },
      });
    }
    return frame;
  };

  it('a disposed frame never reaches dispatch', async () => {
    registerIpc(dispatch, APP_ORIGINS);
    await invoke(channelOf('revealSecret'), disposed(), { clientId: 'c', field: 'secret_key' }).catch(
      () => {},
    );
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('a disposed frame is answered forbidden_sender instead of a rejected invoke', async () => {
    registerIpc(dispatch, APP_ORIGINS);
    const result = await invoke(channelOf('revealSecret'), disposed(), {
      clientId: 'c',
      field: 'secret_key',
    });
    expect(result).toEqual(FORBIDDEN);
  });
});
