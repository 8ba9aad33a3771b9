// Run by bench/cli.ts inside a pseudo-terminal (`script`), so that every keyhold it starts comes
// from one terminal session and the grant given to the first one covers the rest ("after
// approval"). Interleaves the four commands, times each (wall, and user + system CPU through
// /usr/bin/time when it is there), and writes the samples as JSON. Plain CommonJS: no tsx here.
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const node = process.execPath;
const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const variants = {
  node: { command: [node, '-e', '0'] },
  read: {
    command: [node, config.cli, '--socket', config.socket, 'read', config.ref],
    expect: `${config.value}\n`,
  },
  true: { command: ['true'] },
  run: {
    command: [node, config.cli, '--socket', config.socket, 'run', '--', 'true'],
    env: { API_KEY: config.ref },
  },
};
const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, { wall: [], cpu: [] }]));

function once(name) {
  const { command, env, expect } = variants[name];
  const argv = time ? [time, '-f', '%U %S', ...command] : command;
  const started = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0 || (expect !== undefined && result.stdout !== expect)) {
    throw new Error(`${name} failed (${result.status}): ${result.stderr}`);
  }
  const cpu = time ? result.stderr.trim().split('\n').pop().split(' ').map(Number) : null;
  return { wall, cpu: cpu ? (cpu[0] + cpu[1]) * 1000 : null };
}

// The first read asks for approval (bench/cli.ts answers "Allow for this terminal").
once('read');
for (let i = 0; i < config.warmup + config.reps; i++) {
  for (const name of Object.keys(variants)) {
    const sample = once(name);
    if (i < config.warmup) continue;
    samples[name].wall.push(sample.wall);
    if (sample.cpu !== null) samples[name].cpu.push(sample.cpu);
  }
}
writeFileSync(config.out, JSON.stringify(samples));
