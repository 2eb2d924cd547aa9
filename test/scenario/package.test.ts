// Packaging: `npm pack` ships only runtime files; the tarball installs with `npm install -g` into
// an empty prefix (dependencies come from the npm registry: allow a few minutes) and the installed
// `vigil` works from another directory — including the files it reads beside itself at run time
// (package.json for --version, keymaps JSON, the systemd unit templates).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { DAEMON_NODE_FLAGS } from '../../src/cli/daemon-node.ts';
import { REPO } from '../helpers/cli.ts';

const root = mkdtempSync(join(tmpdir(), 'vigil-package-'));
const prefix = join(root, 'prefix');
const elsewhere = join(root, 'elsewhere');
mkdirSync(elsewhere);
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };
// The installed bin's shebang is `#!/usr/bin/env node`: this node first on PATH.
const PATH = `${dirname(process.execPath)}:${process.env.PATH ?? ''}`;
const env = {
  ...process.env,
  PATH,
  NO_COLOR: '1',
  HOME: join(root, 'home'),
  XDG_CONFIG_HOME: join(root, 'home/.config'),
  VIGIL_DATA_DIR: join(root, 'data'),
  npm_config_cache: process.env.npm_config_cache ?? join(process.env.HOME ?? root, '.npm'),
};
let files: string[] = [];
let tarball = '';

after(() => rmSync(root, { recursive: true, force: true }));

function run(cmd: string, args: string[], timeoutMs = 60_000) {
  const r = spawnSync(cmd, args, { cwd: elsewhere, env, encoding: 'utf8', timeout: timeoutMs });
  assert.equal(r.error, undefined, `${cmd} ${args.join(' ')}: ${r.error?.message}`);
  return r;
}

before(() => {
  // `npm pack` runs the `prepare` script, which builds dist/.
  const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', root], {
    cwd: REPO,
    env: { ...process.env, PATH },
    encoding: 'utf8',
    timeout: 300_000,
  });
  assert.equal(packed.status, 0, packed.stderr);
  const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as {
    filename: string;
    files: { path: string }[];
  }[];
  files = info[0]!.files.map((f) => f.path);
  tarball = join(root, info[0]!.filename);
  assert.ok(existsSync(tarball), tarball);
});

test('the tarball holds the runtime files and nothing else', () => {
  for (const f of [
    'package.json',
    'README.md',
    'dist/src/cli/main.js',
    'dist/src/cli/commands/health.js',
    'dist/src/metrics/server.js',
    'dist/keymaps/keymap.js',
    'dist/keymaps/default.json',
    'dist/keymaps/vim.json',
    'contrib/systemd/vigil.service',
    'contrib/systemd/vigil-system.service',
    'docs/operations.md',
  ]) {
    assert.ok(files.includes(f), `${f} is shipped`);
  }
  const leaked = files.filter(
    (f) =>
      f.startsWith('test/') ||
      f.startsWith('dist/test/') ||
      f.startsWith('dist/bench/') ||
      f.startsWith('bench/') ||
      f.startsWith('.ci/') ||
      f.startsWith('node_modules/') ||
      (f.startsWith('src/') && f.endsWith('.ts')) ||
      f.endsWith('.tgz') ||
      f === 'tsconfig.json' ||
      f === 'biome.json',
  );
  assert.deepEqual(leaked, [], 'no tests, sources, CI or tooling in the package');
});

test('npm install -g into an empty prefix; vigil runs from another directory', { timeout: 600_000 }, () => {
  const install = run(
    'npm',
    ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', tarball],
    540_000,
  );
  assert.equal(install.status, 0, install.stdout + install.stderr);
  const vigil = join(prefix, 'bin', 'vigil');
  assert.ok(existsSync(vigil), 'the bin link exists');
  const installed = join(prefix, 'lib', 'node_modules', pkg.name);

  const version = run(vigil, ['--version']);
  assert.equal(version.status, 0, version.stderr);
  assert.equal(version.stdout.trim(), pkg.version);

  const status = run(vigil, ['status', '--json', '--top', '3']);
  assert.equal(status.status, 0, status.stderr);
  const snap = JSON.parse(status.stdout) as { version: string; cpu: { cores: number }; processes: unknown[] };
  assert.equal(snap.version, pkg.version);
  assert.ok(snap.cpu.cores > 0);
  assert.equal(snap.processes.length, 3);
  const human = run(vigil, ['status']);
  assert.equal(human.status, 0, human.stderr);
  assert.match(human.stdout, /^CPU /m);

  // A short daemon run: the installed better-sqlite3 loads and records history.
  const daemon = run(vigil, ['--headless', '--interval', '0.2', '--ticks', '2']);
  assert.equal(daemon.status, 0, daemon.stderr);
  assert.ok(existsSync(join(env.VIGIL_DATA_DIR, 'vigil.db')), 'history written');
  assert.match(daemon.stderr, /"event":"stopped"/);

  const health = run(vigil, ['health', '--json']);
  assert.equal(health.status, 0, health.stdout + health.stderr);
  const report = JSON.parse(health.stdout) as {
    ok: boolean;
    checks: { id: string; status: string; message: string }[];
  };
  assert.equal(report.ok, true);
  const db = report.checks.find((c) => c.id === 'database');
  assert.equal(db?.status, 'ok');
  assert.match(db?.message ?? '', /integrity ok/, 'the history the daemon wrote passes quick_check');
  assert.match(report.checks.find((c) => c.id === 'daemon')?.message ?? '', /stopped cleanly/);

  // The unit template is found beside the installed package and points at the installed entry.
  const svc = run(vigil, ['service', 'install']);
  assert.equal(svc.status, 0, svc.stderr);
  const unit = readFileSync(join(env.XDG_CONFIG_HOME, 'systemd/user/vigil.service'), 'utf8');
  const main = realpathSync(join(installed, 'dist/src/cli/main.js'));
  assert.ok(
    unit.includes(
      `ExecStart=${realpathSync(process.execPath)} ${DAEMON_NODE_FLAGS.join(' ')} ${main} --headless`,
    ),
    unit,
  );

  // Keymaps are JSON read at run time: they must load from the installed location.
  const keymaps = run(process.execPath, [
    '--input-type=module',
    '-e',
    `import { buildKeymap } from ${JSON.stringify(`file://${join(installed, 'dist/keymaps/keymap.js')}`)};
     for (const name of ['default', 'vim']) console.log(name, Object.keys(buildKeymap(name).bindings).length);`,
  ]);
  assert.equal(keymaps.status, 0, keymaps.stderr);
  assert.match(keymaps.stdout, /^default [1-9]\d*\nvim [1-9]\d*$/m);
});
