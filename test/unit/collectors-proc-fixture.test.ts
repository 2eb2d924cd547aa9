import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cpuCollector } from '../../src/collectors/cpu.ts';
import { memoryCollector } from '../../src/collectors/memory.ts';
import { processCollector } from '../../src/collectors/processes.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import type { CollectContext, CpuRaw, MemoryRaw, ProcessesRaw } from '../../src/core/types.ts';

const root = fileURLToPath(new URL('../fixtures/proc/basic', import.meta.url));
const ctx = (): CollectContext => ({
  roots: { proc: root, sys: '/nonexistent-sys', dev: '/nonexistent-dev' },
  clock: new FakeClock(),
  log: memoryLogger(),
  tick: 0,
});

test('process collector on a fixture tree: odd comm, kernel thread, zombie, vanished pid', () => {
  const out = processCollector().collect(ctx()) as ProcessesRaw;
  const byPid = new Map(out.list.map((p) => [p.pid, p]));
  assert.deepEqual(
    [...byPid.keys()].sort((a, b) => a - b),
    [1, 2, 4242, 4300, 4301, 4400],
  );
  // 5000 is a directory whose stat vanished: skipped and counted, not an error.
  assert.equal(out.skipped, 1);

  const weird = byPid.get(4242)!;
  assert.equal(weird.name, 'my (weird) name');
  assert.equal(weird.cmdline, 'python3 mcp_server.py --port 8080');
  assert.equal(weird.state, 'R');
  assert.equal(weird.cpuTicks, 300);
  assert.equal(weird.rssBytes, 2600 * 4096, 'RSS from statm, not the approximate stat field');
  assert.equal(weird.threads, 3);

  const kthread = byPid.get(2)!;
  assert.equal(kthread.kernelThread, true);
  assert.equal(kthread.cmdline, '');
  assert.equal(byPid.get(1)!.kernelThread, false);

  const zombie = byPid.get(4301)!;
  assert.equal(zombie.state, 'Z');
  assert.equal(zombie.ppid, 4300);
  assert.equal(zombie.cmdline, '');
});

test('hostile comm and cmdline are sanitised at ingest', () => {
  const out = processCollector().collect(ctx()) as ProcessesRaw;
  const evil = out.list.find((p) => p.pid === 4400)!;
  assert.ok(!/[\u0000-\u001f\u007f-\u009f]/.test(evil.name), JSON.stringify(evil.name));
  assert.ok(!/[\u0000-\u001f\u007f-\u009f]/.test(evil.cmdline), JSON.stringify(evil.cmdline));
  assert.equal(evil.name, 'evilx');
  assert.ok(!evil.cmdline.includes('52;'), 'OSC 52 clipboard write removed');
  assert.match(evil.cmdline, /^sh -c echo .*done$/);
});

test('cpu and memory collectors on the fixture tree', () => {
  const cpu = cpuCollector().collect(ctx()) as CpuRaw;
  assert.equal(cpu.perCore.length, 2);
  assert.equal(cpu.load1, 0.06);
  assert.equal(cpu.bootTimeSec, 1764067000);
  const mem = memoryCollector().collect(ctx()) as MemoryRaw;
  assert.equal(mem.totalBytes, 24684092 * 1024);
  assert.equal(mem.swapTotalBytes, 2097148 * 1024);
  assert.deepEqual(mem.pressure, { some10: 1.5, full10: 0.25 });
});

test('a missing proc root is a clear error, not a crash', () => {
  const bad = { ...ctx(), roots: { proc: '/nonexistent-proc', sys: '/x', dev: '/x' } };
  assert.throws(() => processCollector().collect(bad), /cannot list \/nonexistent-proc/);
  assert.throws(() => cpuCollector().collect(bad), /cannot read \/nonexistent-proc\/stat/);
});

test('process collector: an unchanged process gives the same row again, a changed one a new row', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-proc-rows-'));
  try {
    cpSync(root, dir, { recursive: true });
    const c = processCollector();
    const at = (tick: number): CollectContext => ({ ...ctx(), roots: { ...ctx().roots, proc: dir }, tick });
    const first = new Map((c.collect(at(1)) as ProcessesRaw).list.map((p) => [p.pid, p]));
    // 4242 used CPU since: its stat line has more utime.
    const statPath = join(dir, '4242', 'stat');
    writeFileSync(statPath, readFileSync(statPath, 'latin1').replace(' 250 50 ', ' 260 50 '));
    const second = new Map((c.collect(at(2)) as ProcessesRaw).list.map((p) => [p.pid, p]));
    assert.equal(second.get(1), first.get(1), 'init did not move: the same row');
    assert.notEqual(second.get(4242), first.get(4242));
    assert.equal(first.get(4242)!.cpuTicks, 300, 'the earlier row is left as it was');
    assert.equal(second.get(4242)!.cpuTicks, 310);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
