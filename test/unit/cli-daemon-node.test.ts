import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  DAEMON_NODE_ENV,
  DAEMON_NODE_FLAGS,
  daemonExecArgs,
  daemonExecEnv,
  FIRST_RELEASE_MS,
  memoryReleaser,
  TUI_NODE_FLAGS,
} from '../../src/cli/daemon-node.ts';

test('the daemon re-executes with its node flags, keeping the user’s own', () => {
  const argv = ['/usr/bin/node', '/opt/vigil/main.js', '--headless', '--interval', '5'];
  assert.deepEqual(daemonExecArgs('/usr/bin/node', [], argv), [
    '/usr/bin/node',
    ...DAEMON_NODE_FLAGS,
    '/opt/vigil/main.js',
    '--headless',
    '--interval',
    '5',
  ]);
  assert.deepEqual(daemonExecArgs('/usr/bin/node', ['--inspect'], argv), [
    '/usr/bin/node',
    '--inspect',
    ...DAEMON_NODE_FLAGS,
    ...argv.slice(1),
  ]);
  // Already started with them (a unit from `vigil service install`), or with the user's value: no re-exec.
  assert.equal(daemonExecArgs('/usr/bin/node', [...DAEMON_NODE_FLAGS], argv), null);
  assert.equal(
    daemonExecArgs('/usr/bin/node', ['--max-semi-space-size=4', ...DAEMON_NODE_FLAGS.slice(1)], argv),
    null,
  );
  // --max-opt=3 (TurboFan back) is the user's say on --max-opt=2.
  assert.equal(
    daemonExecArgs(
      '/usr/bin/node',
      [...DAEMON_NODE_FLAGS.filter((f) => f !== '--max-opt=2'), '--max-opt=3'],
      argv,
    ),
    null,
  );
});

test('the daemon re-executes with glibc told to trim, unless the user set it', () => {
  assert.deepEqual(daemonExecEnv({ PATH: '/usr/bin' }), DAEMON_NODE_ENV);
  assert.equal(daemonExecEnv({ ...DAEMON_NODE_ENV }), null);
  assert.equal(daemonExecEnv({ MALLOC_TRIM_THRESHOLD_: '131072' }), null, 'the user’s value wins');
  // The units start node with the flags and this environment: nothing to re-execute there.
  for (const unit of ['vigil.service', 'vigil-system.service']) {
    const text = readFileSync(
      fileURLToPath(new URL(`../../contrib/systemd/${unit}`, import.meta.url)),
      'utf8',
    );
    for (const [k, v] of Object.entries(DAEMON_NODE_ENV))
      assert.ok(text.includes(`Environment=${k}=${v}\n`), `${k} in ${unit}`);
  }
});

test('a daemon started without the settings re-executes itself in the same pid with them', () => {
  const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'vigil-reexec-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, VIGIL_DATA_DIR: dir };
    delete env.MALLOC_TRIM_THRESHOLD_;
    const r = spawnSync(process.execPath, [main, '--headless', '--ticks', '1', '--data-dir', dir], {
      encoding: 'utf8',
      env,
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const started = r.stderr.split('\n').find((l) => l.includes('"event":"started"'));
    assert.ok(started, r.stderr);
    const s = JSON.parse(started) as { nodeFlags?: string[]; nodeEnv?: Record<string, string> };
    for (const f of DAEMON_NODE_FLAGS) assert.ok(s.nodeFlags?.includes(f), `${f} in ${s.nodeFlags}`);
    assert.deepEqual(s.nodeEnv, DAEMON_NODE_ENV);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('memory is released between ticks once start-up is over, then at most once a minute, and only when gc() is exposed', () => {
  let now = 0;
  const calls: unknown[] = [];
  const release = memoryReleaser(
    () => now,
    (o) => calls.push(o),
    60_000,
  );
  assert.equal(release(), false, 'not right after start');
  now = FIRST_RELEASE_MS - 1;
  assert.equal(release(), false);
  now = FIRST_RELEASE_MS;
  assert.equal(release(), true, 'start-up garbage handed back');
  assert.deepEqual(calls, [{ type: 'major', execution: 'sync', flavor: 'last-resort' }]);
  now = FIRST_RELEASE_MS + 59_999;
  assert.equal(release(), false, 'not again within the minute');
  now = FIRST_RELEASE_MS + 60_000;
  assert.equal(release(), true);
  assert.equal(calls.length, 2);
  // An interval shorter than the start-up wait: the first release comes after one interval.
  let t = 0;
  const often = memoryReleaser(
    () => t,
    () => {},
    5_000,
  );
  t = 4_999;
  assert.equal(often(), false);
  t = 5_000;
  assert.equal(often(), true);
  const none = memoryReleaser(() => now, undefined, 1);
  now += 10;
  assert.equal(none(), false, 'a node without --expose-gc: nothing to call');
});

test('gc() really is there in a node started with the daemon flags', () => {
  const r = spawnSync(
    process.execPath,
    [
      ...DAEMON_NODE_FLAGS,
      '-e',
      'globalThis.gc({type:"major",execution:"sync",flavor:"last-resort"}); console.log(typeof gc)',
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'function');
});

test('the TUI re-executes with the daemon’s flags but a 2 MiB young generation and TurboFan', () => {
  assert.ok(TUI_NODE_FLAGS.includes('--max-semi-space-size=2'));
  assert.ok(TUI_NODE_FLAGS.includes('--no-maglev'));
  const shared = (flags: readonly string[]) =>
    flags.filter((f) => !/^--(max-semi-space-size|max-opt|no-maglev|optimize-for-size)/.test(f));
  assert.deepEqual(shared(TUI_NODE_FLAGS), shared(DAEMON_NODE_FLAGS));
  assert.ok(!TUI_NODE_FLAGS.some((f) => f.startsWith('--max-opt')), 'every tier, TurboFan included');
  const argv = ['/usr/bin/node', '/opt/vigil/main.js', 'watch'];
  assert.deepEqual(daemonExecArgs('/usr/bin/node', [], argv, TUI_NODE_FLAGS), [
    '/usr/bin/node',
    ...TUI_NODE_FLAGS,
    '/opt/vigil/main.js',
    'watch',
  ]);
  assert.equal(daemonExecArgs('/usr/bin/node', [...TUI_NODE_FLAGS], argv, TUI_NODE_FLAGS), null);
});

test('`vigil watch` runs with the TUI flags (its log says so)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-watch-flags-'));
  const session = `vigil-flags-${process.pid}`;
  try {
    const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
    spawnSync('tmux', [
      'new-session',
      '-d',
      '-s',
      session,
      '-x',
      '100',
      '-y',
      '30',
      `env TERM=xterm-256color '${process.execPath}' '${main}' watch --data-dir '${dir}'; sleep 5`,
    ]);
    let started: { nodeFlags?: string[] } | undefined;
    for (let i = 0; i < 100 && !started; i++) {
      spawnSync('sleep', ['0.1']);
      const log = existsSync(join(dir, 'tui.log')) ? readFileSync(join(dir, 'tui.log'), 'utf8') : '';
      const line = log.split('\n').find((l) => l.includes('"tui started"'));
      if (line) started = JSON.parse(line);
    }
    assert.ok(started, 'the TUI started');
    for (const f of TUI_NODE_FLAGS) assert.ok(started.nodeFlags?.includes(f), `${f} in ${started.nodeFlags}`);
  } finally {
    spawnSync('tmux', ['send-keys', '-t', session, 'q']);
    spawnSync('sleep', ['0.5']);
    spawnSync('tmux', ['kill-session', '-t', session]);
    rmSync(dir, { recursive: true, force: true });
  }
});
