import type { Settings } from '../../../shared/domain';

let stopFollowing: (() => void) | null = null;

/**
 * Sets data-theme on <html> to 'light' or 'dark' (the CSS has one block per theme);
 * 'system' resolves through prefers-color-scheme and follows its changes.
 */
export function applyTheme(theme: Settings['theme']): void {
  stopFollowing?.();
  stopFollowing = null;
  const query = window.matchMedia?.('(prefers-color-scheme: dark)');
  const apply = () => {
    document.documentElement.dataset.theme = theme === 'system' ? (query?.matches ? 'dark' : 'light') : theme;
  };
  apply();
  if (theme === 'system' && query) {
    query.addEventListener('change', apply);
    stopFollowing = () => query.removeEventListener('change', apply);
  }
}
