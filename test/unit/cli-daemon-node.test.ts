import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { DAEMON_NODE_FLAGS, daemonExecArgs, memoryReleaser } from '../../src/cli/daemon-node.ts';

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
  // --maglev is the user's say on --no-maglev.
  assert.equal(
    daemonExecArgs(
      '/usr/bin/node',
      [...DAEMON_NODE_FLAGS.filter((f) => f !== '--no-maglev'), '--maglev'],
      argv,
    ),
    null,
  );
});

test('memory is released between ticks at most once a minute, and only when gc() is exposed', () => {
  let now = 0;
  const calls: unknown[] = [];
  const release = memoryReleaser(
    () => now,
    (o) => calls.push(o),
    60_000,
  );
  assert.equal(release(), false, 'not right after start');
  now = 59_999;
  assert.equal(release(), false);
  now = 60_000;
  assert.equal(release(), true);
  assert.deepEqual(calls, [{ type: 'major', execution: 'sync', flavor: 'last-resort' }]);
  now = 100_000;
  assert.equal(release(), false, 'not again within the minute');
  now = 120_000;
  assert.equal(release(), true);
  assert.equal(calls.length, 2);
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
