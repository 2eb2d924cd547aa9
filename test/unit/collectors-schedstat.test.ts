// The process collector skips /proc/PID/stat for a single-threaded process whose schedstat did
// not move (it did not run, so its stat line did not change): checked on the real /proc with real
// processes, always reaped — against the collector that reads every stat, and where the shortcut
// would be wrong if it were taken (a busy process, a busy second thread, a reparented child).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { processCollector } from '../../src/collectors/processes.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import type { CollectContext, ProcessesRaw, ProcessRaw } from '../../src/core/types.ts';
import { parseSchedstatRun } from '../../src/proc/parse.ts';
import { keptProcFiles } from '../helpers/proc-fds.ts';

const at = (tick: number): CollectContext => ({
  roots: { proc: '/proc', sys: '/sys', dev: '/dev' },
  clock: new FakeClock(),
  log: memoryLogger(),
  tick,
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rowOf = (out: unknown, pid: number): ProcessRaw | undefined =>
  (out as ProcessesRaw).list.find((p) => p.pid === pid);

/** Start `cmd`, run `body`, and always kill and reap it. */
async function withChild(
  cmd: string,
  args: string[],
  body: (c: ChildProcess) => Promise<void>,
): Promise<void> {
  const child = spawn(cmd, args, { stdio: 'ignore' });
  const exited = new Promise((r) => child.once('exit', r));
  try {
    await body(child);
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}

const keptSchedstatFiles = () => keptProcFiles('schedstat');

test('schedstat read as one number that moves when the task runs', () => {
  const b = (s: string) => Buffer.from(s, 'latin1');
  assert.equal(parseSchedstatRun(b('1200 35 7\n'), 10), 1207);
  assert.equal(parseSchedstatRun(b('1200 35 7'), 9), 1207);
  assert.equal(parseSchedstatRun(b('1200 35\n'), 8), -1, 'two numbers');
  assert.equal(parseSchedstatRun(b('12x0 35 7\n'), 10), -1);
  assert.equal(parseSchedstatRun(b(''), 0), -1);
});

test('a sleeping process gives the same row without its stat read, as the full read would', async () => {
  await withChild('sleep', ['30'], async (child) => {
    const gated = processCollector();
    const full = processCollector({ schedstatGate: false });
    try {
      await sleep(100); // past its exec
      const first = rowOf(gated.collect(at(0)), child.pid!);
      rowOf(gated.collect(at(1)), child.pid!); // the schedstat baseline
      assert.ok(keptSchedstatFiles().includes(`/proc/${child.pid}/schedstat`), 'its schedstat is kept open');
      const again = rowOf(gated.collect(at(2)), child.pid!);
      assert.ok(first && again);
      assert.equal(again, first, 'the very same row');
      assert.deepEqual(again, rowOf(full.collect(at(2)), child.pid!), 'what reading its stat gives');
    } finally {
      gated.close?.();
      full.close?.();
    }
  });
  assert.deepEqual(keptSchedstatFiles(), [], 'close() closes them');
});

test('a busy single-threaded process: its CPU time is read every tick', async () => {
  await withChild('sh', ['-c', 'while :; do :; done'], async (child) => {
    const c = processCollector();
    try {
      const ticks: number[] = [];
      for (let i = 0; i < 5; i++) {
        ticks.push(rowOf(c.collect(at(i)), child.pid!)!.cpuTicks);
        await sleep(200);
      }
      for (let i = 1; i < ticks.length; i++) assert.ok(ticks[i]! > ticks[i - 1]!, `CPU time moves: ${ticks}`);
    } finally {
      c.close?.();
    }
  });
});

test('a process whose first thread sleeps while another one works: still counted (multi-threaded: stat every tick)', async () => {
  const script =
    "const { Worker } = require('node:worker_threads'); new Worker('for (;;) {}', { eval: true });" +
    'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);';
  await withChild(process.execPath, ['-e', script], async (child) => {
    const c = processCollector();
    try {
      await sleep(500); // the worker is running
      const ticks: number[] = [];
      const runs: string[] = [];
      for (let i = 0; i < 5; i++) {
        ticks.push(rowOf(c.collect(at(i)), child.pid!)!.cpuTicks);
        runs.push(readFileSync(`/proc/${child.pid}/schedstat`, 'latin1').trim());
        await sleep(200);
      }
      assert.equal(new Set(runs.slice(1)).size, 1, `its first thread does not run: ${runs}`);
      for (let i = 1; i < ticks.length; i++) assert.ok(ticks[i]! > ticks[i - 1]!, `CPU time moves: ${ticks}`);
    } finally {
      c.close?.();
    }
  });
});

test('a sleeping child whose parent dies: its new parent is seen within two ticks', async () => {
  await withChild('sh', ['-c', 'sleep 30 & wait'], async (sh) => {
    let kid = 0;
    for (let i = 0; i < 100 && !kid; i++) {
      await sleep(20);
      kid = Number(
        readFileSync(`/proc/${sh.pid}/task/${sh.pid}/children`, 'latin1').trim().split(/\s+/)[0] || 0,
      );
    }
    assert.ok(kid > 0, 'the sleep started');
    const c = processCollector();
    try {
      await sleep(100);
      for (let i = 0; i < 3; i++) assert.equal(rowOf(c.collect(at(i)), kid)?.ppid, sh.pid);
      sh.kill('SIGKILL');
      await new Promise((r) => sh.once('exit', r));
      const ppidNow = () => Number(readFileSync(`/proc/${kid}/stat`, 'latin1').split(') ')[1]!.split(' ')[1]);
      const seen: (number | undefined)[] = [];
      for (let i = 3; i < 5; i++) seen.push(rowOf(c.collect(at(i)), kid)?.ppid);
      assert.notEqual(ppidNow(), sh.pid);
      assert.equal(seen.at(-1), ppidNow(), `reparented to ${ppidNow()}: ${seen}`);
    } finally {
      c.close?.();
      try {
        process.kill(kid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
});
