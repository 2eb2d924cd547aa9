// Renice (src/actions/nice.ts) against real processes: bad arguments are refused with a clear
// reason, another user's process is refused by the policy unless Vigil may (root or
// CAP_SYS_NICE), lowering needs that privilege too, an own child is reniced — every thread — and
// read back from /proc, and every decision is a record for the action ledger.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { actionDeps } from '../../src/actions/index.ts';
import { mayLowerNice, type NiceSystem, realNice, requestRenice } from '../../src/actions/nice.ts';
import type { ActionRecord } from '../../src/actions/types.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { readPidStat } from '../../src/proc/read.ts';
import { until } from '../helpers/cli.ts';

const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function child(opts: { uid?: number; gid?: number; threads?: boolean } = {}): ChildProcess {
  const c = opts.threads
    ? spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e6)'], { stdio: 'ignore' })
    : spawn('sleep', ['120'], {
        stdio: 'ignore',
        ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid } : {}),
      });
  children.push(c);
  return c;
}

/** The nice value of every thread of `pid`, from /proc/PID/task/TID/stat (field 19). */
function niceOfThreads(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'latin1');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

function setup(over: { selfUid?: number } = {}) {
  const records: ActionRecord[] = [];
  const deps = actionDeps({
    config: defaultConfig({ LANG: 'C' }),
    log: memoryLogger(),
    jsonLog: null,
    recorder: (r) => records.push(r),
    ...over,
  });
  return { deps, records };
}

const startOf = (pid: number) => readPidStat({ proc: '/proc' }, pid)!.startTicks;

test('bad arguments are refused with what was expected, and recorded', () => {
  const { deps, records } = setup();
  const own = child();
  for (const delta of [0, 1.5, Number.NaN, 40, -40]) {
    const r = requestRenice({ pid: own.pid!, delta, origin: 'tui' }, deps);
    assert.equal(r.outcome, 'refused', `delta ${delta}`);
    assert.equal(r.code, 'bad_nice');
    assert.match(r.reason, /whole number from -39 to 39, not 0; got /);
  }
  for (const pid of [0, -3, 1.5]) {
    const r = requestRenice({ pid, delta: 1, origin: 'tui' }, deps);
    assert.equal(r.outcome, 'refused', `pid ${pid}`);
    assert.equal(r.code, 'bad_pid');
    assert.match(r.reason, /is not a valid process id/);
  }
  assert.equal(records.length, 8);
  assert.ok(records.every((r) => r.type === 'renice' && r.outcome === 'refused'));
  assert.deepEqual(niceOfThreads(own.pid!), [0], 'nothing changed');
});

test('another user’s process is refused by the policy unless Vigil may renice it (root)', async () => {
  const theirs = child({ uid: 65534, gid: 65534 });
  assert.ok(
    await until(() => readPidStat({ proc: '/proc' }, theirs.pid!) !== null),
    'the child runs as nobody',
  );
  // Vigil as uid 1000 without CAP_SYS_NICE.
  const unprivileged: NiceSystem = { ...realNice, canLower: () => false };
  const { deps, records } = setup({ selfUid: 1000 });
  const r = requestRenice(
    { pid: theirs.pid!, startTicks: startOf(theirs.pid!), delta: 1, origin: 'tui' },
    deps,
    unprivileged,
  );
  assert.equal(r.outcome, 'refused');
  assert.equal(r.code, 'other_user');
  assert.equal(
    r.reason,
    `PID ${theirs.pid} belongs to another user (uid 65534): only root or CAP_SYS_NICE may renice it`,
  );
  assert.deepEqual(niceOfThreads(theirs.pid!), [0]);
  assert.equal(records[0]?.outcome, 'refused');
  assert.equal(records[0]?.code, 'other_user');
  // The tests run as root: Vigil may, and does.
  assert.equal(mayLowerNice(), true);
  const root = setup();
  const ok = requestRenice(
    { pid: theirs.pid!, startTicks: startOf(theirs.pid!), delta: 2, origin: 'tui' },
    root.deps,
  );
  assert.equal(ok.outcome, 'done', ok.reason);
  assert.deepEqual(niceOfThreads(theirs.pid!), [2]);
});

test('an own process (every thread) is reniced and read back from /proc; lowering needs privilege', async () => {
  const own = child({ threads: true });
  assert.ok(await until(() => niceOfThreads(own.pid!).length > 1), 'node started its threads');
  const { deps, records } = setup();
  const r = requestRenice({ pid: own.pid!, startTicks: startOf(own.pid!), delta: 3, origin: 'tui' }, deps);
  assert.equal(r.outcome, 'done', r.reason);
  assert.deepEqual([r.from, r.to], [0, 3]);
  assert.equal(r.reason, `nice 0 → 3 (PID ${own.pid}, every thread)`);
  const threads = niceOfThreads(own.pid!);
  assert.ok(threads.length > 1 && threads.every((n) => n === 3), `every thread at 3: ${threads}`);
  // The ledger's record: SPEC §5's word for an applied change, the request as its "signal".
  const rec = records.at(-1)!;
  assert.deepEqual(
    {
      type: rec.type,
      origin: rec.origin,
      pid: rec.pid,
      signal: rec.signal,
      outcome: rec.outcome,
      code: rec.code,
    },
    { type: 'renice', origin: 'tui', pid: own.pid, signal: 'nice +3', outcome: 'sent', code: 'ok' },
  );
  // node names its main thread MainThread: the process's comm, as /proc says.
  assert.equal(rec.name, readFileSync(`/proc/${own.pid}/comm`, 'utf8').trim());
  // Lowering without root or CAP_SYS_NICE: refused with the reason, nothing changed.
  const low = requestRenice({ pid: own.pid!, delta: -1, origin: 'tui' }, deps, {
    ...realNice,
    canLower: () => false,
  });
  assert.equal(low.outcome, 'refused');
  assert.equal(low.code, 'eperm');
  assert.match(low.reason, /needs root or CAP_SYS_NICE/);
  assert.ok(niceOfThreads(own.pid!).every((n) => n === 3));
  // A start time that is not the process's any more (PID reuse) is refused by the policy.
  const reused = requestRenice(
    { pid: own.pid!, startTicks: startOf(own.pid!) + 1, delta: 1, origin: 'tui' },
    deps,
  );
  assert.equal(reused.code, 'pid_reused');
  // A process that has gone.
  own.kill('SIGKILL');
  assert.ok(await until(() => own.exitCode !== null || own.signalCode !== null), 'the child was reaped');
  const gone = requestRenice({ pid: own.pid!, delta: 1, origin: 'tui' }, deps);
  assert.equal(gone.outcome, 'gone');
  assert.equal(records.at(-1)!.outcome, 'failed');
});
