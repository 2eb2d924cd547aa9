// `npm run package`: the single-file executable runs on a machine without Node — here, with a
// PATH holding every tool of /usr/bin except node (the system's Node 20 lives there too).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Snapshot } from '../../src/core/types.ts';
import { jsonLines, REPO, until } from '../helpers/cli.ts';

const root = mkdtempSync(join(tmpdir(), 'vigil-sea-'));
const exe = join(root, 'out', 'vigil');
const home = join(root, 'home');
const bin = join(root, 'bin');
const session = `vigil-sea-${process.pid}`;
const env = { HOME: home, PATH: bin, TERM: 'screen', LANG: 'C' };
after(() => {
  spawnSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' });
  rmSync(root, { recursive: true, force: true });
});

before(() => {
  const built = spawnSync(
    process.execPath,
    [join(REPO, 'scripts/package-sea.ts'), '--out', join(root, 'out')],
    {
      encoding: 'utf8',
      timeout: 300_000,
    },
  );
  assert.equal(built.status, 0, built.stdout + built.stderr);
  assert.match(built.stdout, /wrote .*\/vigil \([\d.]+ MB, Node 24\./);
  // Every tool of /usr/bin but node (and npm/npx/corepack, which are node).
  mkdirSync(bin);
  for (const name of readdirSync('/usr/bin')) {
    if (!/^(node|nodejs|npm|npx|corepack)$/.test(name)) symlinkSync(join('/usr/bin', name), join(bin, name));
  }
});

function vigil(args: string[]) {
  return spawnSync(exe, args, { env, cwd: root, encoding: 'utf8', timeout: 60_000 });
}

test('there is no node on that PATH', () => {
  const r = spawnSync('/usr/bin/sh', ['-c', 'command -v node || echo none'], { env, encoding: 'utf8' });
  assert.equal(r.stdout.trim(), 'none');
  assert.ok(statSync(exe).size > 50e6, 'one file carrying Node');
});

test('status --json', () => {
  const r = vigil(['status', '--json', '--top', '5']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'no warning on stderr');
  const snap = JSON.parse(r.stdout) as Snapshot;
  assert.equal(snap.processes.length, 5);
  assert.ok(snap.cpu.cores > 0 && snap.memory.totalBytes > 0);
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
  assert.equal(snap.version, pkg.version);
});

test('--headless --ticks 2 records history with the SQLite addon it carries', () => {
  const r = vigil(['--headless', '--ticks', '2', '--interval', '0.2']);
  assert.equal(r.status, 0, r.stderr);
  const lines = jsonLines(r.stderr);
  assert.ok(lines.some((l) => l.event === 'stopped'));
  const started = lines.find((l) => l.event === 'started')!;
  assert.ok(
    (started.nodeFlags as string[]).includes('--max-semi-space-size=1'),
    'the daemon flags are built in',
  );
  assert.ok(existsSync(join(home, '.local/share/vigil/vigil.db')));
  const health = vigil(['health', '--json']);
  const db = (JSON.parse(health.stdout) as { checks: { id: string; message: string }[] }).checks.find(
    (c) => c.id === 'database',
  );
  assert.match(db?.message ?? '', /integrity ok/);
  // The files it wrote at first start are private to the user.
  const cache = join(home, '.cache/vigil');
  const [tree] = readdirSync(cache).filter((d) => d.startsWith('sea-'));
  assert.ok(tree, 'the tree is in ~/.cache/vigil');
  assert.equal(statSync(join(cache, tree)).mode & 0o777, 0o700);
  assert.ok(existsSync(join(cache, tree, 'node_modules/better-sqlite3/prebuilds/linux-x64.node')));
});

test('watch draws the full screen in tmux and quits on q', async () => {
  const started = spawnSync('tmux', [
    'new-session',
    '-d',
    '-s',
    session,
    '-x',
    '120',
    '-y',
    '40',
    `env -i HOME=${home} PATH=${bin} TERM=screen ${exe} watch --interval 1`,
  ]);
  assert.equal(started.status, 0, String(started.stderr));
  const screen = () =>
    spawnSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' }).stdout ?? '';
  assert.ok(await until(() => /Processes/.test(screen()) && /PID USER/.test(screen()), 20_000), screen());
  spawnSync('tmux', ['send-keys', '-t', session, 'q']);
  assert.ok(
    await until(
      () => spawnSync('tmux', ['has-session', '-t', session], { stdio: 'ignore' }).status !== 0,
      10_000,
    ),
    'q quits',
  );
});

test('service install points the unit at the executable itself', () => {
  const r = vigil(['service', 'install']);
  assert.equal(r.status, 0, r.stderr);
  const unit = readFileSync(join(home, '.config/systemd/user/vigil.service'), 'utf8');
  assert.ok(unit.split('\n').includes(`ExecStart=${exe} --headless`), unit);
});
