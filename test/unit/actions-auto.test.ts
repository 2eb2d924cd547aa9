// The auto-remediator with real orphaned processes: a storm is ONE action (one decision, one unit
// of the rate limit, one ledger row naming every member), dry run, mode gate, once per identity.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createAutoRemediator } from '../../src/actions/auto.ts';
import { requestGroupSignal } from '../../src/actions/group.ts';
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

const gone = (pid: number) => {
  const f = readFacts(PROC, pid);
  return !f || f.state === 'Z';
};

function stormAlert(id: string, pids: number[]): Alert {
  return {
    id,
    rule: 'ghost_process_storm',
    severity: 'high',
    state: 'firing',
    since: new Date().toISOString(),
    message: 'storm',
    subject: { pids },
    suggestedCommand: null,
  };
}

function setup(mode: Mode, groups: number[][], opts: { dryRun?: boolean; maxPerWindow?: number } = {}) {
  const config = defaultConfig({ LANG: 'C' });
  config.general.mode = mode;
  config.notifications.log_file = join(tmp, 'vigil.log');
  const alerts = groups.map((pids, i) => stormAlert(`storm-${i}`, pids));
  const clock = new FakeClock();
  const records: ActionRecord[] = [];
  const deps = actionDeps({
    config,
    log: memoryLogger(),
    clock,
    activeAlerts: () => alerts,
    recorder: (r) => void records.push(r),
  });
  const auto = createAutoRemediator({
    deps: () => deps,
    log: memoryLogger(),
    windowMs: 60_000,
    waitMs: 2000,
    ...opts,
  });
  const all = groups.flat();
  return {
    auto,
    clock,
    records,
    snapshot: (): Snapshot => {
      const live = all.filter((p) => !gone(p));
      const processes = live.map((pid) => ({ pid, startTicks: readFacts(PROC, pid)!.startTicks }));
      return {
        processes,
        alerts: alerts.map((a) => ({
          ...a,
          subject: { pids: a.subject.pids.filter((p) => live.includes(p)) },
        })),
      } as unknown as Snapshot;
    },
  };
}

test('a whole storm is one action: every member in one decision, one unit of the rate limit, one ledger row', async () => {
  // Two storms, a limit of one action per window: the first storm goes entirely (not one of its
  // members), the second waits for the window, then goes entirely too.
  const first = await orphans(4);
  const second = await orphans(3);
  const { auto, clock, records, snapshot } = setup('auto', [first, second], { maxPerWindow: 1 });
  auto.onSnapshot(snapshot());
  await auto.idle();
  assert.deepEqual(first.filter(gone), first, 'every member of the first storm');
  assert.deepEqual(second.filter(gone), [], 'the second storm waits: rate-limited');
  assert.ok(auto.stats.rateLimited >= 1);
  assert.equal(records.length, 1, 'one row for the whole first storm');
  assert.deepEqual(
    [records[0]!.origin, records[0]!.type, records[0]!.outcome, records[0]!.alertId],
    ['auto', 'kill_group', 'exited', 'storm-0'],
  );
  assert.deepEqual([...records[0]!.pids].sort(), [...first].sort());
  assert.deepEqual(records[0]!.check?.gone.sort(), [...first].sort(), 'the after-look saw each one gone');
  assert.ok((records[0]!.check?.freedBytes ?? 0) > 0, 'the memory they held came back');
  // Acted on once: the next look does not act again on the first storm.
  auto.onSnapshot(snapshot());
  await auto.idle();
  assert.equal(records.length, 1);
  clock.tick(61_000);
  auto.onSnapshot(snapshot());
  await auto.idle();
  assert.deepEqual(second.filter(gone), second);
  assert.deepEqual(
    records.map((r) => [r.type, r.outcome, r.pids.length]),
    [
      ['kill_group', 'exited', 4],
      ['kill_group', 'exited', 3],
    ],
  );
});

test('nothing outside the group: a live non-orphan member is refused, the orphans go', async () => {
  const pids = await orphans(2);
  // Not an orphan: its parent (this test) lives, so the policy refuses it (not safe).
  const child = spawn('sleep', ['3600'], { stdio: 'ignore' });
  started.push(child.pid!);
  const { auto, records, snapshot } = setup('auto', [[...pids, child.pid!]]);
  auto.onSnapshot(snapshot());
  await auto.idle();
  assert.deepEqual(pids.filter(gone), pids);
  assert.ok(!gone(child.pid!), 'the live child of this test is not signalled');
  assert.equal(records.length, 1);
  assert.equal(records[0]!.outcome, 'exited');
  assert.deepEqual([...records[0]!.pids].sort(), [...pids, child.pid!].sort(), 'one decision for the group');
  assert.deepEqual(records[0]!.check?.gone.sort(), [...pids].sort());
  child.kill('SIGKILL');
});

test('a member whose pid now names another process (start time re-checked) is not signalled', async () => {
  const [pid] = await orphans(1);
  const config = defaultConfig({ LANG: 'C' });
  config.general.mode = 'auto';
  const records: ActionRecord[] = [];
  const alert = stormAlert('storm-reuse', [pid!]);
  const deps = actionDeps({
    config,
    log: memoryLogger(),
    activeAlerts: () => [alert],
    jsonLog: null,
    recorder: (r) => void records.push(r),
  });
  const seenStart = readFacts(PROC, pid!)!.startTicks + 1;
  const res = await requestGroupSignal(
    { members: [{ pid: pid!, startTicks: seenStart }], origin: 'auto', alertId: alert.id, waitMs: 500 },
    deps,
  );
  assert.equal(res.outcome, 'refused');
  assert.deepEqual(
    res.refused.map((r) => r.code),
    ['pid_reused'],
  );
  assert.ok(!gone(pid!), 'the process behind the reused pid lives');
  assert.deepEqual(
    records.map((r) => [r.type, r.outcome]),
    [['kill_group', 'refused']],
  );
});

test('dry run: decided and recorded once per group, nothing signalled', async () => {
  const pids = await orphans(2);
  const { auto, records, snapshot } = setup('auto', [pids], { dryRun: true });
  for (let i = 0; i < 3; i++) {
    auto.onSnapshot(snapshot());
    await auto.idle();
  }
  assert.deepEqual(
    records.map((r) => [r.type, r.outcome, r.pids.length]),
    [['kill_group', 'dry_run', 2]],
  );
  assert.ok(pids.every((p) => !gone(p)));
});

test('observe and suggest modes never act', async () => {
  const pids = await orphans(1);
  for (const mode of ['observe', 'suggest'] as const) {
    const { auto, records, snapshot } = setup(mode, [pids]);
    auto.onSnapshot(snapshot());
    await auto.idle();
    assert.equal(records.length, 0);
    assert.equal(auto.stats.requested, 0);
  }
  assert.ok(!gone(pids[0]!));
});
