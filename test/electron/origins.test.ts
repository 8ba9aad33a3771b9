import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isTrustedUrl, originOf, rendererSource } from '../../src/main/origins';

describe('renderer source', () => {
  it('loads the built renderer over app://keyhold by default', () => {
    expect(rendererSource({}, false)).toEqual({
      entryUrl: 'app://keyhold/index.html',
      origins: ['app://keyhold'],
    });
    expect(APP_ENTRY_URL).toBe('app://keyhold/index.html');
  });

  it('uses and trusts the electron-vite dev server in unpackaged builds', () => {
    expect(rendererSource({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, false)).toEqual({
      entryUrl: 'http://localhost:5173/',
      origins: ['app://keyhold', 'http://localhost:5173'],
    });
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app', () => {
    expect(rendererSource({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, true).origins).toEqual([
      'app://keyhold',
    ]);
  });

  it.each(['https://evil.example/', 'http://192.168.1.5:5173/', 'file:///tmp/index.html', 'not a url'])(
    'ignores a dev server URL that is not http on loopback: %s',
    (url) => {
      expect(rendererSource({ ELECTRON_RENDERER_URL: url }, false).entryUrl).toBe('app://keyhold/index.html');
    },
  );
});

describe('origins', () => {
  it('computes custom-scheme origins that WHATWG URL leaves opaque', () => {
    expect(new URL('app://keyhold/x').origin).toBe('null');
    expect(originOf('app://keyhold/index.html?x#y')).toBe('app://keyhold');
    expect(originOf('http://127.0.0.1:5173/a')).toBe('http://127.0.0.1:5173');
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('file:///etc/passwd')).toBeNull();
  });

  it('trusts exact origins only', () => {
    expect(isTrustedUrl('app://keyhold/index.html', ['app://keyhold'])).toBe(true);
    expect(isTrustedUrl('app://keyhold.evil/index.html', ['app://keyhold'])).toBe(false);
    expect(isTrustedUrl('app://user@keyhold.evil/', ['app://keyhold'])).toBe(false);
    expect(isTrustedUrl('app://keyhold:8080/', ['app://keyhold'])).toBe(false);
  });
});
