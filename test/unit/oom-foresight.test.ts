// OOM foresight: the kernel's first victim from the real /proc (a real process volunteering with
// oom_score_adj = 1000), the trend maths, and the time to OOM on the snapshot.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { oomFacts } from '../../src/ai/oom.ts';
import { biggest } from '../../src/collectors/oom-score.ts';
import { processCollector } from '../../src/collectors/processes.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import type { ProcessRaw } from '../../src/core/types.ts';
import { deriveOom } from '../../src/engine/derive.ts';
import { HistoryRing } from '../../src/engine/history.ts';
import { createAnalyzer } from '../../src/rules/index.ts';
import { oomTrend } from '../../src/rules/oom_foresight.ts';
import { GiB, memory, snap } from './rules-fixtures.ts';

const children: ChildProcess[] = [];
after(() => {
  for (const c of children) c.kill('SIGKILL');
});

const raw = (pid: number, rssBytes: number, extra: Partial<ProcessRaw> = {}): ProcessRaw => ({
  pid,
  ppid: 1,
  pgid: pid,
  sid: pid,
  ttyNr: 0,
  uid: 0,
  name: `p${pid}`,
  cmdline: `p${pid}`,
  state: 'S',
  cpuTicks: 0,
  startTicks: pid * 10,
  rssBytes,
  threads: 1,
  fds: null,
  kernelThread: false,
  ...extra,
});

test('the biggest processes in one pass, biggest first; kernel threads and zombies left out', () => {
  const list = [
    raw(1, 5),
    raw(2, 50),
    raw(3, 20),
    raw(4, 99, { state: 'Z' }),
    raw(5, 70, { kernelThread: true }),
    raw(6, 30),
  ];
  assert.deepEqual(
    biggest(list, 3).map((p) => p.pid),
    [2, 6, 3],
  );
  assert.deepEqual(
    biggest(list, 10).map((p) => p.pid),
    [2, 6, 3, 1],
  );
});

test('a real process that volunteers (oom_score_adj 1000) is the kernel’s first victim, on the snapshot and in explain', async () => {
  const child = spawn(
    'python3',
    ['-c', 'import time\nb = bytearray(400 * 1024 * 1024)\nprint("ok", flush=True)\ntime.sleep(60)'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  children.push(child);
  await new Promise((r) => child.stdout!.once('data', r));
  writeFileSync(`/proc/${child.pid}/oom_score_adj`, '1000');
  const collect = processCollector();
  const ctx = {
    roots: { proc: '/proc', sys: '/sys', dev: '/dev' },
    clock: new FakeClock(),
    log: memoryLogger(),
    tick: 0,
  };
  const part = collect.collect(ctx) as Awaited<ReturnType<typeof collect.collect>>;
  assert.ok(part.oom && part.oom.length > 0, 'oom scores read');
  assert.equal(part.oom[0]!.pid, child.pid, JSON.stringify(part.oom.slice(0, 3)));
  assert.equal(part.oom[0]!.adj, 1000);
  const v = deriveOom(part).victim!;
  assert.deepEqual([v.pid, v.name, v.adj], [child.pid, 'python3', 1000]);
  assert.ok(v.score >= 1000);
  const facts = oomFacts({ proc: '/proc' }, child.pid!);
  assert.equal(facts.rank, 1, 'explain: killed first');
  assert.equal(facts.first?.pid, child.pid);
});

test('time to OOM: a steady fall of the headroom gives an ETA; noise, a rise or a short series do not', () => {
  const total = 16 * GiB;
  const series = (f: (i: number) => number, n = 21, stepMs = 15_000) => ({
    t: Array.from({ length: n }, (_, i) => i * stepMs),
    v: Array.from({ length: n }, (_, i) => f(i)),
  });
  // 8 GiB available, −100 MiB every 15 s: 6,192 MiB left at the end, at 6.67 MiB/s → ~929 s.
  const falling = oomTrend(
    series((i) => 8 * GiB - i * 100 * 2 ** 20),
    total,
  );
  assert.ok(
    falling.timeToOomSecs !== null && Math.abs(falling.timeToOomSecs - 929) < 30,
    String(falling.timeToOomSecs),
  );
  assert.ok((falling.trendBytesPerSec ?? 0) < 0);
  assert.equal(
    oomTrend(
      series((i) => 8 * GiB + i * 2 ** 20),
      total,
    ).timeToOomSecs,
    null,
    'rising',
  );
  assert.equal(
    oomTrend(
      series((i) => 8 * GiB + (i % 2) * 50 * 2 ** 20),
      total,
    ).timeToOomSecs,
    null,
    'noise',
  );
  assert.equal(
    oomTrend(
      series((i) => 8 * GiB - i * 100 * 2 ** 20, 5),
      total,
    ).timeToOomSecs,
    null,
    'one minute only',
  );
});

test('the analyzer puts the time to OOM on the snapshot the engine emits', () => {
  const clock = new FakeClock();
  const a = createAnalyzer(defaultConfig({ LANG: 'C' }), { clock });
  let last = null as ReturnType<NonNullable<typeof a.foresight>> | null;
  for (let i = 0; i < 20; i++) {
    const s = snap({ memory: memory(40 + i * 2, 16 * GiB) });
    a.analyze(s, new HistoryRing(2), clock.now());
    last = a.foresight!(s);
    clock.tick(15_000);
  }
  assert.ok(last?.timeToOomSecs !== null && last!.timeToOomSecs! > 0, JSON.stringify(last));
});
