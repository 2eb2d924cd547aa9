import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cpuCollector } from '../../src/collectors/cpu.ts';
import { memoryCollector } from '../../src/collectors/memory.ts';
import { processCollector } from '../../src/collectors/processes.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import type { Collector, EngineEvent, GpuRaw } from '../../src/core/types.ts';
import { createEngine } from '../../src/engine/engine.ts';

const root = fileURLToPath(new URL('../fixtures/proc/basic', import.meta.url));
const roots = { proc: root, sys: '/nonexistent-sys', dev: '/nonexistent-dev' };

function gpuLike(
  behaviour: (call: number) => Promise<GpuRaw[]> | GpuRaw[],
  extra: Partial<Collector<'gpus'>> = {},
) {
  let calls = 0;
  const c: Collector<'gpus'> & { calls: () => number } = {
    name: 'gpus',
    collect: () => behaviour(calls++),
    calls: () => calls,
    ...extra,
  };
  return c;
}
const gpu = (name: string): GpuRaw => ({
  index: 0,
  vendor: 'nvidia',
  name,
  utilizationPercent: 1,
  memoryUsedBytes: 1,
  memoryTotalBytes: 2,
  temperatureC: 40,
  processes: [],
});

test('engine derives a snapshot from fixture collectors and notifies subscribers', async () => {
  const clock = new FakeClock();
  const log = memoryLogger();
  const engine = createEngine({
    collectors: [cpuCollector(), memoryCollector(), processCollector()],
    config: defaultConfig(),
    roots,
    clock,
    log,
    hostname: 'fixture\u001b]0;x\u0007host',
    userOf: (uid) => (uid === 0 ? 'root' : String(uid)),
  });
  const seen: EngineEvent[] = [];
  const off = engine.subscribe((e) => seen.push(e));
  engine.subscribe(() => {
    throw new Error('a broken subscriber');
  });
  const { snapshot } = await engine.tick();
  off();
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.type, 'snapshot');
  assert.equal(snapshot.hostname, 'fixturehost');
  assert.equal(snapshot.cpu.cores, 2);
  assert.equal(snapshot.cpu.usagePercent, null, 'no rate on the first sample');
  assert.equal(snapshot.memory.swapUsedBytes, (2097148 - 1048574) * 1024);
  assert.equal(snapshot.memory.usedBytes, (24684092 - 24346568) * 1024);
  assert.equal(snapshot.processes.length, 6);
  const p = snapshot.processes.find((x) => x.pid === 4242)!;
  assert.equal(p.user, 'root');
  // start = btime + 54988 ticks / 100
  assert.equal(p.startTime, new Date((1764067000 + 549.88) * 1000).toISOString());
  assert.ok(
    log.lines.some((l) => l.event === 'subscriber failed'),
    'a failing subscriber is logged, not fatal',
  );
  assert.equal(engine.history.size, 1);
});

test('a slow async collector never stalls a tick; its value arrives later', async () => {
  const clock = new FakeClock();
  const log = memoryLogger();
  let release: (v: GpuRaw[]) => void = () => undefined;
  const slow = gpuLike(
    (call) =>
      call === 0
        ? new Promise<GpuRaw[]>((resolve) => {
            release = resolve;
          })
        : [gpu(`call${call}`)],
    { timeoutMs: 30 },
  );
  const engine = createEngine({ collectors: [slow], config: defaultConfig(), roots, clock, log });
  const t0 = performance.now();
  const first = await engine.tick();
  assert.ok(performance.now() - t0 < 2000, 'tick returned without waiting for the hung collector');
  assert.deepEqual(first.snapshot.gpus, [], 'no value yet');
  assert.ok(log.lines.some((l) => l.event === 'collector too slow; tick continues without waiting'));
  // While the first call is pending, no second call is made.
  await engine.tick();
  assert.equal(slow.calls(), 1);
  release([gpu('late')]);
  await new Promise((r) => setImmediate(r));
  const third = await engine.tick();
  // The late value was stored; this tick started a new call that answered at once.
  assert.equal(slow.calls(), 2);
  assert.equal(third.snapshot.gpus[0]!.name, 'call1');
  const lateLogs = log.lines.filter((l) => l.event === 'collector too slow; tick continues without waiting');
  assert.equal(lateLogs.length, 1, 'logged once');
});

test('cadence: a collector with everyTicks runs on its ticks and is carried forward between', async () => {
  const c = gpuLike((call) => [gpu(`g${call}`)], { everyTicks: 3 });
  const engine = createEngine({
    collectors: [c],
    config: defaultConfig(),
    roots,
    clock: new FakeClock(),
    log: memoryLogger(),
  });
  const names: string[] = [];
  for (let i = 0; i < 7; i++) names.push((await engine.tick()).snapshot.gpus[0]!.name);
  assert.deepEqual(names, ['g0', 'g0', 'g0', 'g1', 'g1', 'g1', 'g2']);
});

test('a throwing collector is logged once and the engine goes on', async () => {
  const log = memoryLogger();
  const broken: Collector<'gpus'> = {
    name: 'gpus',
    collect() {
      throw new Error('boom');
    },
  };
  const engine = createEngine({
    collectors: [broken, memoryCollector()],
    config: defaultConfig(),
    roots,
    clock: new FakeClock(),
    log,
  });
  for (let i = 0; i < 3; i++) {
    const { snapshot } = await engine.tick();
    assert.equal(snapshot.memory.totalBytes, 24684092 * 1024);
  }
  assert.equal(log.lines.filter((l) => l.event === 'collector failed').length, 1);
  assert.equal(engine.stats.errors, 3);
});

test('start/stop: the loop ticks on schedule and stop waits for the tick in flight', async () => {
  const engine = createEngine({
    collectors: [memoryCollector()],
    config: defaultConfig(),
    roots,
    log: memoryLogger(),
  });
  let ticks = 0;
  engine.subscribe((e) => {
    if (e.type === 'snapshot') ticks++;
  });
  engine.start(20);
  const deadline = Date.now() + 5000;
  while (ticks < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  await engine.stop();
  const after = ticks;
  assert.ok(after >= 3, `ticked ${after} times`);
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(ticks, after, 'no tick after stop');
});

test('a reload that changes interval_secs re-paces a loop that follows the config', async () => {
  const config = defaultConfig();
  config.general.interval_secs = 30;
  const engine = createEngine({ collectors: [memoryCollector()], config, roots, log: memoryLogger() });
  let ticks = 0;
  engine.subscribe((e) => {
    if (e.type === 'snapshot') ticks++;
  });
  engine.start();
  const deadline = Date.now() + 5000;
  while (ticks < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.equal(ticks, 1, 'first tick at once, the next one 30 s away');
  const faster = defaultConfig();
  faster.general.interval_secs = 0.02;
  engine.setConfig(faster);
  while (ticks < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  await engine.stop();
  assert.ok(ticks >= 4, `ticked ${ticks} times after the reload`);
});
