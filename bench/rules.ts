// The analyzer's own cost (src/rules + lineage) at ~1000 processes: 1000 idle `sleep 3600`
// copies (one big duplicate group, a ghost_process_storm under this node process), an engine
// built like the daemon's (buildEngine, role 'daemon'), 60 measured ticks after 20 of warm-up.
// Prints CPU ms per tick with the default analyzer and with a no-op one (the difference is the
// analyzer, plus the GC and JIT work it causes), the analyzer's own CPU measured around
// analyze(), GC pauses, and heapUsed after a forced GC at the start and the end of the measured
// ticks (only when gc is exposed; the history ring grows in both runs). Run standalone:
// `node --expose-gc bench/rules.ts`, or through `npm run bench` (no heap figures there).
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { defaultConfig } from '../src/config/defaults.ts';
import { createLogger } from '../src/core/log.ts';
import type { Analyzer } from '../src/engine/engine.ts';
import { buildEngine } from '../src/host/compose.ts';
import { createAnalyzer } from '../src/rules/index.ts';

const SLEEPERS = Number(process.env.BENCH_RULES_SLEEPERS ?? 1000);
const TICKS = Number(process.env.BENCH_RULES_TICKS ?? 60);
/** Ticks before measuring (V8 compiles the hot rules code in these, on background threads). */
const WARMUP = 20;

export interface RulesBenchRun {
  /** Whole tick (collectors + derive + analyzer), CPU ms of the process (all threads). */
  tickMs: number;
  /** The same on the main thread only (without V8's background compiler and GC threads). */
  mainMs: number | null;
  /** analyze() alone, CPU ms (0 for the no-op analyzer). */
  analyzeMs: number;
  /** Garbage collection pauses, wall ms per tick (part of tickMs). */
  gcMs: number;
  /** heapUsed after a forced GC, MB, before and after the measured ticks (null without gc). */
  heapStartMB: number | null;
  heapEndMB: number | null;
  alerts: number;
}

export interface RulesBenchResult {
  processes: number;
  ticks: number;
  rules: RulesBenchRun;
  noop: RulesBenchRun;
}

function cpuMs(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000;
}

function countChildren(ppid: number): number {
  let n = 0;
  for (const d of readdirSync('/proc')) {
    if (d.charCodeAt(0) < 48 || d.charCodeAt(0) > 57) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'latin1');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      if (Number(f[1]) === ppid) n++;
    } catch {
      // gone
    }
  }
  return n;
}

function countProcesses(): number {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).length;
}

function heapMB(): number | null {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return null;
  gc();
  gc();
  return Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10;
}

async function run(analyzer: Analyzer, timed: boolean): Promise<RulesBenchRun> {
  let analyzeMs = 0;
  const wrapped: Analyzer = timed
    ? {
        analyze(snapshot, history, now) {
          const t0 = process.cpuUsage();
          try {
            return analyzer.analyze(snapshot, history, now);
          } finally {
            analyzeMs += cpuMs(process.cpuUsage(t0));
          }
        },
        active: () => analyzer.active(),
        setConfig: (c) => analyzer.setConfig(c),
      }
    : analyzer;
  const engine = buildEngine({
    config: defaultConfig(),
    role: 'daemon',
    log: createLogger({ level: 'error' }),
    analyzer: wrapped,
  });
  try {
    for (let i = 0; i < WARMUP; i++) await engine.tick();
    const heapStartMB = heapMB();
    analyzeMs = 0;
    let gcMs = 0;
    const gcs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) gcMs += e.duration;
    });
    gcs.observe({ entryTypes: ['gc'] });
    const before = process.cpuUsage();
    // process.threadCpuUsage: Node >= 23.9.
    const thread = (process as { threadCpuUsage?: (prev?: NodeJS.CpuUsage) => NodeJS.CpuUsage })
      .threadCpuUsage;
    const beforeMain = thread?.call(process);
    for (let i = 0; i < TICKS; i++) await engine.tick();
    const used = cpuMs(process.cpuUsage(before));
    const usedMain = thread && beforeMain ? cpuMs(thread.call(process, beforeMain)) : null;
    const measured = analyzeMs;
    // Entries of the last ticks are delivered asynchronously.
    await new Promise((r) => setTimeout(r, 100));
    gcs.disconnect();
    const heapEndMB = heapMB();
    return {
      tickMs: used / TICKS,
      mainMs: usedMain === null ? null : usedMain / TICKS,
      analyzeMs: measured / TICKS,
      gcMs: gcMs / TICKS,
      heapStartMB,
      heapEndMB,
      alerts: analyzer.active().length,
    };
  } finally {
    await engine.stop();
  }
}

export async function measureRules(log: (line: string) => void = console.log): Promise<RulesBenchResult> {
  let sleepers: ChildProcess | null = null;
  try {
    sleepers = spawn('bash', ['-c', `for i in $(seq ${SLEEPERS}); do sleep 3600 & done; wait`], {
      stdio: 'ignore',
      detached: true,
    });
    const deadline = Date.now() + 30_000;
    while (countChildren(sleepers.pid!) < SLEEPERS && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
    }
    const config = defaultConfig();
    const noop: Analyzer = { analyze: () => [], active: () => [], setConfig() {} };
    // No-op first, then the rules, then the no-op again: the lower no-op figure is the floor.
    const noop1 = await run(noop, false);
    const rules = await run(createAnalyzer(config, { log: createLogger({ level: 'error' }) }), true);
    const noop2 = await run(noop, false);
    const noopRun = noop1.tickMs <= noop2.tickMs ? noop1 : noop2;
    const result: RulesBenchResult = { processes: countProcesses(), ticks: TICKS, rules, noop: noopRun };
    const f2 = (n: number) => n.toFixed(2);
    const heap = (r: RulesBenchRun) =>
      r.heapStartMB === null ? 'n/a (run with --expose-gc)' : `${r.heapStartMB} → ${r.heapEndMB} MB`;
    log(`rules: ${result.processes} processes (${SLEEPERS} sleep 3600), ${TICKS} ticks after ${WARMUP}`);
    log(`  tick CPU, default analyzer  ${f2(rules.tickMs)} ms   (alerts firing: ${rules.alerts})`);
    log(`  tick CPU, no-op analyzer    ${f2(noopRun.tickMs)} ms`);
    log(`  difference                  ${f2(rules.tickMs - noopRun.tickMs)} ms`);
    if (rules.mainMs !== null && noopRun.mainMs !== null) {
      log(
        `  main thread only            ${f2(rules.mainMs)} ms vs ${f2(noopRun.mainMs)} ms (difference ${f2(rules.mainMs - noopRun.mainMs)} ms)`,
      );
    }
    log(`  analyze() alone             ${f2(rules.analyzeMs)} ms   (target <= 3 ms)`);
    log(`  GC pauses per tick          ${f2(rules.gcMs)} ms with the rules, ${f2(noopRun.gcMs)} ms without`);
    log(`  heapUsed after GC, rules    ${heap(rules)}`);
    log(`  heapUsed after GC, no-op    ${heap(noopRun)}`);
    return result;
  } finally {
    if (sleepers?.pid) {
      try {
        process.kill(-sleepers.pid, 'SIGKILL'); // the sleepers' group, which this bench created
      } catch {
        // already gone
      }
    }
  }
}

/** The `npm run bench` entry (bench/run.ts). */
export async function bench(): Promise<void> {
  await measureRules();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  bench().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = 1;
  });
}
