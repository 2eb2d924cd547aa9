// The auto-remediator with real orphaned processes: rate limit, dry run, mode gate, once per identity.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createAutoRemediator } from '../../src/actions/auto.ts';
import { actionDeps } from '../../src/actions/index.ts';
import type { ActionRecord } from '../../src/actions/types.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import type { Mode } from '../../src/config/types.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import type { Alert, Snapshot } from '../../src/core/types.ts';
import { readFacts } from '../../src/proc/read.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vigil-auto-'));
const started: number[] = [];
const PROC = { proc: '/proc', sys: '/sys', dev: '/dev' };

after(() => {
  for (const pid of started) {
    const f = readFacts(PROC, pid);
    if (f && f.cmdline === 'sleep 3600') process.kill(pid, 'SIGKILL');
  }
  rmSync(tmp, { recursive: true, force: true });
});

/** `n` orphaned `sleep 3600` (their bash exits at once, so they are reparented to PID 1). */
async function orphans(n: number): Promise<number[]> {
  const out = spawnSync(
    'bash',
    ['-c', `for i in $(seq ${n}); do sleep 3600 >/dev/null 2>&1 & echo $!; done`],
    {
      encoding: 'utf8',
    },
  );
  const pids = out.stdout.trim().split('\n').map(Number);
  started.push(...pids);
  const end = Date.now() + 5000;
  while (Date.now() < end && !pids.every((p) => readFacts(PROC, p)?.ppid === 1))
    await new Promise((r) => setTimeout(r, 20));
  return pids;
}

function snapshotOf(pids: number[], alert: Alert): Snapshot {
  const processes = pids.map((pid) => ({ pid, startTicks: readFacts(PROC, pid)!.startTicks }));
  return { processes, alerts: [alert] } as unknown as Snapshot;
}

const gone = (pid: number) => {
  const f = readFacts(PROC, pid);
  return !f || f.state === 'Z';
};

function setup(mode: Mode, pids: number[], opts: { dryRun?: boolean; maxPerWindow?: number } = {}) {
  const config = defaultConfig({ LANG: 'C' });
  config.general.mode = mode;
  config.notifications.log_file = join(tmp, 'vigil.log');
  const alert: Alert = {
    id: 'storm',
    rule: 'ghost_process_storm',
    severity: 'high',
    state: 'firing',
    since: new Date().toISOString(),
    message: 'storm',
    subject: { pids },
    suggestedCommand: null,
  };
  const clock = new FakeClock();
  const records: ActionRecord[] = [];
  const deps = actionDeps({
    config,
    log: memoryLogger(),
    clock,
    activeAlerts: () => [alert],
    recorder: (r) => void records.push(r),
  });
  const auto = createAutoRemediator({
    deps: () => deps,
    log: memoryLogger(),
    windowMs: 60_000,
    waitMs: 2000,
    ...opts,
  });
  return {
    auto,
    clock,
    records,
    snapshot: () =>
      snapshotOf(
        pids.filter((p) => !gone(p)),
        alert,
      ),
  };
}

test('rate limit: one kill per window; the next one waits for the window to pass', async () => {
  const pids = await orphans(2);
  const { auto, clock, records, snapshot } = setup('auto', pids, { maxPerWindow: 1 });
  auto.onSnapshot(snapshot());
  await auto.idle();
  assert.equal(records.filter((r) => r.outcome === 'exited').length, 1);
  assert.equal(pids.filter(gone).length, 1);
  auto.onSnapshot(snapshot());
  await auto.idle();
  assert.equal(auto.stats.rateLimited >= 1, true);
  assert.equal(pids.filter(gone).length, 1, 'still one: rate-limited');
  clock.tick(61_000);
  auto.onSnapshot(snapshot());
  await auto.idle();
  assert.equal(pids.filter(gone).length, 2);
  assert.deepEqual(
    records.map((r) => [r.origin, r.type, r.outcome]),
    [
      ['auto', 'kill_process', 'exited'],
      ['auto', 'kill_process', 'exited'],
    ],
  );
});

test('dry run: decided and recorded once, nothing signalled', async () => {
  const pids = await orphans(2);
  const { auto, records, snapshot } = setup('auto', pids, { dryRun: true });
  for (let i = 0; i < 3; i++) {
    auto.onSnapshot(snapshot());
    await auto.idle();
  }
  assert.deepEqual(
    records.map((r) => r.outcome),
    ['dry_run', 'dry_run'],
  );
  assert.ok(pids.every((p) => !gone(p)));
});

test('observe and suggest modes never act', async () => {
  const pids = await orphans(1);
  for (const mode of ['observe', 'suggest'] as const) {
    const { auto, records, snapshot } = setup(mode, pids);
    auto.onSnapshot(snapshot());
    await auto.idle();
    assert.equal(records.length, 0);
    assert.equal(auto.stats.requested, 0);
  }
  assert.ok(!gone(pids[0]!));
});
