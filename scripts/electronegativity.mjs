#!/usr/bin/env node
// Security scan of the sources with @doyensec/electronegativity. The tool itself exits 0
// whatever it finds, so this wrapper reads its CSV report and fails (exit 1) on any HIGH
// or MEDIUM finding that .electronegativity-exclusions.json does not list with a reason.
// Usage: node scripts/electronegativity.mjs [--input src]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(root, 'package.json'));
const GATED = new Set(['HIGH', 'MEDIUM']);
const EXCLUSIONS_FILE = '.electronegativity-exclusions.json';
// Fetches Electron's release list from GitHub to nag about upgrades: network-dependent
// and not about our code (dependency updates are the lock file's business).
const SKIPPED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

const inputFlag = process.argv.indexOf('--input');
const input = inputFlag > 0 ? process.argv[inputFlag + 1] : 'src';

/** Minimal RFC 4180 parser: quoted fields may hold commas, doubled quotes and newlines. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted) {
      field += c;
    } else if (c === ',') {
      endField();
    } else if (c === '\n') {
      endRow();
    } else if (c !== '\r') {
      field += c;
    }
  }
  if (field || row.length) endRow();
  const [header = [], ...body] = rows.filter((r) => r.some((cell) => cell.trim()));
  const keys = header.map((h) => h.trim());
  return body.map((cells) => Object.fromEntries(keys.map((k, i) => [k, (cells[i] ?? '').trim()])));
}

function loadExclusions() {
  const path = join(root, EXCLUSIONS_FILE);
  if (!existsSync(path)) return [];
  const { exclusions = [] } = JSON.parse(readFileSync(path, 'utf8'));
  for (const e of exclusions) {
    if (!e.check || !e.file || !e.reason?.trim()) {
      throw new Error(
        `${EXCLUSIONS_FILE}: every exclusion needs check, file and a reason: ${JSON.stringify(e)}`,
      );
    }
  }
  return exclusions;
}

function scan() {
  const dir = mkdtempSync(join(tmpdir(), 'keyhold-electronegativity-'));
  try {
    const report = join(dir, 'report.csv');
    const electronVersion = require('electron/package.json').version;
    const bin = require.resolve('@doyensec/electronegativity/dist/index.js');
    const args = [
      bin,
      '-i',
      join(root, input),
      '-o',
      report,
      '-r',
      '-e',
      electronVersion,
      '-x',
      SKIPPED_CHECKS.join(','),
    ];
    const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    if (result.status !== 0 || !existsSync(report)) {
      process.stderr.write(result.stdout + result.stderr);
      throw new Error(`electronegativity failed (exit ${result.status ?? result.signal})`);
    }
    return parseCsv(readFileSync(report, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  const exclusions = loadExclusions();
  const findings = scan().map((f) => ({ ...f, file: `${input}/${f.filename.replaceAll('\\', '/')}` }));
  const exclusionFor = (f) => exclusions.find((e) => e.check === f.issue && e.file === f.file);

  const counts = new Map();
  for (const f of findings) {
    const key = `${f.severity.padEnd(13)} ${f.issue}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  console.log(`electronegativity: ${findings.length} finding(s) in ${input}/`);
  for (const [key, n] of [...counts].sort()) console.log(`  ${key} × ${n}`);

  const excluded = findings.filter((f) => GATED.has(f.severity) && exclusionFor(f));
  for (const f of excluded)
    console.log(`  excluded ${f.issue} at ${f.file}:${f.location} — ${exclusionFor(f).reason}`);
  for (const e of exclusions) {
    if (!findings.some((f) => f.issue === e.check && f.file === e.file)) {
      console.warn(
        `  warning: stale exclusion ${e.check} for ${e.file} (no such finding any more): remove it`,
      );
    }
  }

  const failing = findings.filter((f) => GATED.has(f.severity) && !exclusionFor(f));
  if (failing.length) {
    console.error(`\n${failing.length} HIGH/MEDIUM finding(s) not excluded:`);
    for (const f of failing) {
      console.error(
        `  ${f.severity} ${f.issue} ${f.file}:${f.location}\n    ${f.sample}\n    ${f.description} (${f.url})`,
      );
    }
    console.error(`Fix them, or list them in ${EXCLUSIONS_FILE} with the reason they are safe.`);
    process.exit(1);
  }
  console.log(`No HIGH/MEDIUM findings outside ${EXCLUSIONS_FILE} (${excluded.length} excluded).`);
}

main();
