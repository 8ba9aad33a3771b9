// Where the Electron executable is, or null. CommonJS so that both the .mjs npm scripts and
// the Playwright specs (compiled to CommonJS) can load it.
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');

/**
 * Resolved like node_modules/electron/index.js does, but without its fallback, which starts
 * a download when the binary is missing.
 */
function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const relative = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8').trim()
    : override
      ? 'electron'
      : null;
  if (!relative) return null;
  const binary = join(override || join(pkg, 'dist'), relative);
  return existsSync(binary) ? binary : null;
}

module.exports = { root, electronBinary };
