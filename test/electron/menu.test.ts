import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { menuTemplate } from '../../src/main/menu';

const flatten = (items: ReturnType<typeof menuTemplate>): Record<string, unknown>[] =>
  items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]) as Record<
    string,
    unknown
  >[];

describe('application menu', () => {
  it.each(['linux', 'darwin', 'win32'] as const)(
    'on %s has no reload and no custom accelerators',
    (platform) => {
      const items = flatten(menuTemplate(platform, true));
      expect(items.some((item) => item.accelerator)).toBe(false);
      expect(items.map((item) => item.role)).not.toContain('reload');
      expect(items.map((item) => item.role)).not.toContain('forceReload');
      expect(items.map((item) => item.role)).toContain('paste');
    },
  );

  it('offers devtools only when unpackaged', () => {
    expect(flatten(menuTemplate('linux', true)).map((item) => item.role)).not.toContain('toggleDevTools');
    expect(flatten(menuTemplate('linux', false)).map((item) => item.role)).toContain('toggleDevTools');
  });
});
