// What the specs that launch the real desktop app share: the Electron binary, why it cannot
// be launched here (when it cannot), and the command-line flags every launch needs.
import { electronBinary } from '../../scripts/electron-binary.cjs';

export const binary = electronBinary();

/** Why the real app cannot be launched on this machine, or null when it can. */
export function cannotLaunchReason(): string | null {
  if (!binary) {
    return (
      'No Electron binary installed: node_modules/electron was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 ' +
      "(or without access to Electron's download host), so the desktop shell cannot be launched here. " +
      'The same main path runs in the browser e2e suite; to run this one: node node_modules/electron/install.js && ' +
      'npx electron-builder install-app-deps.'
    );
  }
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    return 'No display for Electron on Linux: run under xvfb-run (or set DISPLAY).';
  }
  return null;
}

/**
 * On Linux, ask for the Secret Service explicitly: without a desktop session Chromium would
 * pick basic_text, which the vault (rightly) refuses.
 */
export const PASSWORD_STORE_ARGS = process.platform === 'linux' ? ['--password-store=gnome-libsecret'] : [];
