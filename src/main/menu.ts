import { Menu, type MenuItemConstructorOptions } from 'electron';

/**
 * A minimal application menu: editing roles (so copy/paste work in inputs) and, on macOS,
 * the app menu. No accelerators that would shadow the renderer's shortcuts (N, Ctrl/Cmd+N,
 * Ctrl/Cmd+F, Ctrl/Cmd+1..3, Ctrl/Cmd+Shift+C), no reload, and devtools only when unpackaged.
 */
export function menuTemplate(platform: NodeJS.Platform, packaged: boolean): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  if (platform === 'darwin') template.push({ role: 'appMenu' });
  template.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  });
  if (!packaged) template.push({ label: 'Develop', submenu: [{ role: 'toggleDevTools' }] });
  if (platform !== 'darwin') template.unshift({ label: 'File', submenu: [{ role: 'quit' }] });
  return template;
}

export function installMenu(platform: NodeJS.Platform, packaged: boolean): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(platform, packaged)));
}
