import type { Settings } from '../../../shared/domain';

/** data-theme on <html>: the CSS picks light/dark, or follows prefers-color-scheme for 'system'. */
export function applyTheme(theme: Settings['theme']): void {
  document.documentElement.dataset.theme = theme;
}
