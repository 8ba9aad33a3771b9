import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { protocol, resetFakes } from './fake-electron';
import {
  CONTENT_SECURITY_POLICY,
  createAppHandler,
  registerAppScheme,
  serveApp,
} from '../../src/main/protocol';

vi.mock('electron', () => import('./fake-electron'));

// <tmp>/secret.txt sits next to the served root <tmp>/renderer: every traversal aims at it.
const base = mkdtempSync(join(tmpdir(), 'keyhold-protocol-'));
const root = join(base, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><title>Keyhold</title>');
writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
writeFileSync(join(base, 'secret.txt'), 'TOP-SECRET');
afterAll(() => rmSync(base, { recursive: true, force: true }));

const handler = createAppHandler(root);
const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

beforeEach(resetFakes);

describe('app:// scheme', () => {
  it('is registered as standard and secure, without CSP bypass or service workers', () => {
    registerAppScheme();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
  });

  it('installs the handler for the app scheme', () => {
    serveApp(root);
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });
});

describe('app:// handler', () => {
  it('serves index.html for the root with the strict CSP', async () => {
    const response = await get('app://keyhold/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Keyhold</title>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves assets with their content type', async () => {
    const js = await get('app://keyhold/assets/index-abc.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
    const css = await get('app://keyhold/assets/index-abc.css?v=1#x');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://keyhold/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get('app://keyhold/index.html', 'POST');
    expect(post.status).toBe(405);
  });

  it('puts the CSP on errors too', async () => {
    const missing = await get('app://keyhold/nope.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each([
    'app://keyhold/../secret.txt',
    'app://keyhold/../../etc/passwd',
    'app://keyhold/%2e%2e/secret.txt',
    'app://keyhold/%2E%2E/secret.txt',
    'app://keyhold/..%2fsecret.txt',
    'app://keyhold/%2e%2e%2fsecret.txt',
    'app://keyhold/assets/..%2f..%2fsecret.txt',
    'app://keyhold/..%5csecret.txt',
    'app://keyhold/%2e%2e%5csecret.txt',
    'app://keyhold/%252e%252e/secret.txt',
    'app://keyhold/index.html%00.js',
    'app://keyhold/%ZZ',
    `app://keyhold/${encodeURIComponent(join(base, 'secret.txt'))}`,
    'app://other/secret.txt',
    'app://keyhold.evil/index.html',
  ])('refuses %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('TOP-SECRET');
  });
});
