// .github/workflows/desktop.yml, the hosted CI matrix. It cannot run here, so what can be
// checked here is: it passes GitHub's workflow schema (the validator npm test also runs,
// offline: the schema is compiled into it), that validator does fail on broken workflows,
// and the workflow keeps the promises README → Verified on makes for it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it, vi } from 'vitest';
import * as yaml from 'js-yaml';
import { backendName } from '../../src/main/safe-storage';

vi.mock('electron', () => import('../electron/fake-electron'));

const root = resolve(__dirname, '../..');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<
    string,
    {
      'runs-on': string;
      strategy: { matrix: { include: Array<Record<string, string>> } };
      steps: Step[];
    }
  >;
}

const source = readFileSync(resolve(root, '.github/workflows/desktop.yml'), 'utf8');
const workflow = yaml.load(source) as Workflow;
const job = workflow.jobs['desktop']!;
const matrix = job.strategy.matrix.include;
const steps = job.steps;
const errorsOf = (text: string) => validateWorkflow(text).errors;

/** The workflow with one change, as YAML again. */
function broken(change: (copy: Workflow) => void): string {
  const copy = structuredClone(workflow);
  change(copy);
  return yaml.dump(copy);
}

describe('the workflow schema', () => {
  it('passes GitHub’s workflow schema', () => {
    expect(errorsOf(source)).toEqual([]);
    expect(errorsOf(broken(() => {}))).toEqual([]); // the YAML round trip itself changes nothing
  });

  it.each([
    ['a misspelt key', (w: Workflow) => Object.assign(w.jobs['desktop']!, { stepz: [] })],
    [
      'a job without runs-on',
      (w: Workflow) => delete (w.jobs['desktop'] as Partial<Workflow['jobs'][string]>)['runs-on'],
    ],
    ['an event GitHub does not have', (w: Workflow) => Object.assign(w.on, { pushh: null })],
    [
      'a step that is neither uses nor run',
      (w: Workflow) => w.jobs['desktop']!.steps.push({ name: 'empty' }),
    ],
    [
      'a timeout that is not a number',
      (w: Workflow) => Object.assign(w.jobs['desktop']!, { 'timeout-minutes': 'an hour' }),
    ],
  ])('fails %s', (_what, change) => {
    expect(errorsOf(broken(change)).length).toBeGreaterThan(0);
  });

  it('fails YAML that does not parse', () => {
    expect(errorsOf(`${source}\n  : [\n`).length).toBeGreaterThan(0);
  });
});

describe('what the workflow promises', () => {
  const index = (find: (step: Step) => boolean, what: string) => {
    const at = steps.findIndex(find);
    expect(at, what).toBeGreaterThanOrEqual(0);
    return at;
  };
  const runs = (text: string) => (step: Step) => step.run?.includes(text) ?? false;

  it('runs on Linux, macOS and Windows with Node 22', () => {
    expect(matrix.map((entry) => entry['os']!.split('-')[0]).sort()).toEqual(['macos', 'ubuntu', 'windows']);
    expect(job['runs-on']).toBe('${{ matrix.os }}');
    const setupNode = steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(setupNode?.with?.['node-version']).toBe(22);
  });

  it('downloads the Electron binary after npm ci and before npm test', () => {
    expect(source).not.toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
    const install = index(runs('npm ci'), 'npm ci');
    const binary = index(runs('node node_modules/electron/install.js'), 'the Electron binary download');
    const test = index(runs('npm test'), 'npm test');
    expect(install).toBeLessThan(binary);
    expect(binary).toBeLessThan(test);
  });

  it('runs npm test under xvfb-run on Linux, with the keyring packages installed', () => {
    const linuxTest = steps.find((step) => step.if === "runner.os == 'Linux'" && runs('npm test')(step));
    expect(linuxTest?.run).toMatch(/^xvfb-run .*npm test$/);
    const packages = steps.find(runs('apt-get install'))?.run ?? '';
    for (const name of ['gnome-keyring', 'dbus', 'xvfb']) expect(packages).toContain(name);
  });

  it('builds each OS’s installers, uploads them, then smoke-tests the packaged app', () => {
    expect(matrix.map((entry) => entry['dist'])).toEqual([
      'npm run dist:linux',
      expect.stringMatching(/^npm run dist:mac /),
      'npm run dist:win',
    ]);
    const build = index((step) => step.run === '${{ matrix.dist }}', 'the installers');
    const upload = index((step) => step.uses?.startsWith('actions/upload-artifact@') ?? false, 'the upload');
    expect(steps[upload]!.with).toMatchObject({
      path: '${{ matrix.installers }}',
      'if-no-files-found': 'error',
    });
    const smokes = steps.filter(runs('node scripts/smoke.cjs --packaged --expect-backend'));
    expect(smokes.map((step) => step.if).sort()).toEqual(["runner.os != 'Linux'", "runner.os == 'Linux'"]);
    for (const smoke of smokes) expect(steps.indexOf(smoke)).toBeGreaterThan(build);
    expect(upload).toBeGreaterThan(build);
  });

  it('smoke-tests Linux in its own D-Bus session with a throwaway gnome-keyring and libsecret asked for', () => {
    const linux = steps.find(
      (step) => step.if === "runner.os == 'Linux'" && runs('scripts/smoke.cjs')(step),
    )!;
    expect(linux.run).toMatch(/HOME="\$home".*xvfb-run .*dbus-run-session/s);
    expect(linux.run).toContain('gnome-keyring-daemon --unlock --components=secrets');
    expect(linux.run).toContain('-- --password-store=gnome-libsecret');
  });

  it('expects the backend each OS’s safeStorage adapter names', () => {
    const backends = Object.fromEntries(matrix.map((entry) => [entry['name'], entry['backend']]));
    expect(backends).toEqual({
      Linux: 'gnome_libsecret',
      macOS: backendName('darwin'),
      Windows: backendName('win32'),
    });
  });
});
