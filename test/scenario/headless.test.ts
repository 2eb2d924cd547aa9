import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DAEMON_NODE_FLAGS } from '../../src/cli/daemon-node.ts';
import { exited, jsonLines, runCli, startCli, waitFor } from '../helpers/cli.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'vigil-headless-'));
const env = { VIGIL_DATA_DIR: dataDir, XDG_CONFIG_HOME: join(dataDir, 'cfg'), VIGIL_LOG_LEVEL: 'debug' };
after(() => rmSync(dataDir, { recursive: true, force: true }));

test('--ticks N samples N times, logs JSON lines on stderr and exits 0', () => {
  const r = runCli(['--headless', '--interval', '0.2', '--ticks', '3'], env);
  assert.equal(r.code, 0, r.stderr);
  const lines = jsonLines(r.stderr);
  assert.equal(lines.length, r.stderr.trim().split('\n').length, 'every stderr line is one JSON object');
  assert.ok(
    lines.every(
      (l) => typeof l.time === 'string' && typeof l.level === 'string' && typeof l.event === 'string',
    ),
  );
  assert.equal(lines.filter((l) => l.event === 'tick').length, 3);
  const started = lines.find((l) => l.event === 'started')!;
  assert.equal(started.intervalSecs, 0.2);
  assert.equal(started.mode, 'observe');
  assert.ok(lines.some((l) => l.event === 'stopped'));
  // Started as `node main.js --headless`, it re-executed itself in the same pid with its flags.
  assert.equal(started.pid, r.pid);
  assert.deepEqual(started.nodeFlags, [...DAEMON_NODE_FLAGS]);
  assert.equal(r.stdout, '', 'the daemon writes nothing on stdout');
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal}: finish the tick, flush, exit 0 within 2 s`, async () => {
    const child = startCli(['--headless', '--interval', '0.2'], env);
    try {
      await waitFor(
        () => jsonLines(child.err()).filter((l) => l.event === 'tick').length >= 2,
        20_000,
        'two ticks',
      );
      const t0 = Date.now();
      child.kill(signal);
      const code = await exited(child);
      const took = Date.now() - t0;
      assert.equal(code, 0, child.err());
      assert.ok(took < 2000, `exited in ${took} ms`);
      const lines = jsonLines(child.err());
      assert.ok(lines.some((l) => l.event === 'stopping' && l.reason === signal));
      assert.ok(lines.some((l) => l.event === 'stopped'));
    } finally {
      child.kill('SIGKILL');
    }
  });
}

test('SIGHUP reloads the config and the daemon keeps running', async () => {
  const child = startCli(['--headless', '--interval', '0.2'], env);
  try {
    await waitFor(() => jsonLines(child.err()).some((l) => l.event === 'tick'), 20_000, 'first tick');
    child.kill('SIGHUP');
    await waitFor(
      () => jsonLines(child.err()).some((l) => l.event === 'config reloaded'),
      10_000,
      'reload line',
    );
    const n = jsonLines(child.err()).filter((l) => l.event === 'tick').length;
    await waitFor(
      () => jsonLines(child.err()).filter((l) => l.event === 'tick').length > n + 1,
      10_000,
      'ticks after reload',
    );
    assert.equal(child.exitCode, null, 'still running');
    child.kill('SIGTERM');
    assert.equal(await exited(child), 0);
  } finally {
    child.kill('SIGKILL');
  }
});
