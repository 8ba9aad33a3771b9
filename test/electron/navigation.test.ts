import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeEvent, FakeWebContents, resetFakes, shell } from './fake-electron';
import { isAllowedExternalUrl, openExternalIfAllowed } from '../../src/main/external-links';
import { guardWebContents } from '../../src/main/navigation';
import { isTrustedUrl } from '../../src/main/origins';
import type { WebContents } from 'electron';

vi.mock('electron', () => import('./fake-electron'));

const ORIGINS = ['app://keyhold'];
let contents: FakeWebContents;

beforeEach(() => {
  resetFakes();
  contents = new FakeWebContents();
  guardWebContents(contents as unknown as WebContents, (url) => isTrustedUrl(url, ORIGINS));
});

function navigate(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string) {
  const e = fakeEvent({ url });
  contents.emit(event, e);
  return e.preventDefault;
}

describe('navigation guard', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'] as const)(
    '%s: refuses other origins',
    (event) => {
      for (const url of [
        'https://evil.example/',
        'http://localhost:5173/',
        'file:///etc/passwd',
        'app://keyhold.evil/',
        'app://other/index.html',
        'javascript:alert(1)',
        'data:text/html,<script>1</script>',
        'about:blank',
      ]) {
        expect(navigate(event, url), url).toHaveBeenCalled();
      }
    },
  );

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'] as const)(
    '%s: lets our own origin through',
    (event) => {
      expect(navigate(event, 'app://keyhold/index.html')).not.toHaveBeenCalled();
      expect(navigate(event, 'app://keyhold/')).not.toHaveBeenCalled();
    },
  );

  it('opens an allow-listed link in the browser instead of navigating', () => {
    expect(navigate('will-navigate', 'https://docs.weir.ai/clients')).toHaveBeenCalled();
    expect(shell.openExternal).toHaveBeenCalledWith('https://docs.weir.ai/clients');
  });

  it('does not hand a redirect target to the browser', () => {
    navigate('will-redirect', 'https://docs.weir.ai/clients');
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('refuses to attach a <webview>', () => {
    const e = fakeEvent({});
    contents.emit('will-attach-webview', e, {}, {});
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it('denies every new window, opening only allow-listed https links externally', () => {
    const handler = contents.windowOpenHandler!;
    expect(handler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'app://keyhold/index.html' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(handler({ url: 'https://weir.ai/pricing' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://weir.ai/pricing');
  });
});

describe('openExternal allow-list', () => {
  it.each([
    'https://weir.ai/',
    'https://api.weir.ai/docs',
    'https://docs.mythic-analytics.com/api/v1/clients#create',
    'https://WEIR.AI/',
  ])('allows %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    'http://weir.ai/', // not https
    'file:///etc/passwd',
    'smb://weir.ai/share',
    'ms-msdt:/id PCWDiagnostic',
    'https://weir.ai.evil.com/',
    'https://evilweir.ai/',
    'https://weir.ai.:443/',
    'https://weir.ai:8443/',
    'https://user:pass@weir.ai/',
    'https://api-dev.weir.ai/', // an API host, not documentation: not on the list
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });

  it('calls shell.openExternal only for allowed URLs', () => {
    expect(openExternalIfAllowed('https://evil.example/')).toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(openExternalIfAllowed('https://weir.ai/')).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith('https://weir.ai/');
  });
});
