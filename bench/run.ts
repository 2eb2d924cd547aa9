// npm run bench — Vigil's cost against references measured in the same run on this machine
// (docs/performance.md): every row of the table is measured BENCH_RUNS times (default 3) with its
// reference beside it, and the median of each is printed. Figures move from run to run; the
// ratios are what to compare. BENCH_WATCH_MINUTES=10 adds the 10-minute RSS series of the TUI.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { execDaemonSettings } from '../src/cli/daemon-node.ts';
import { defaultConfig } from '../src/config/defaults.ts';
import { createLogger } from '../src/core/log.ts';
import { buildEngine } from '../src/host/compose.ts';
import { measureFrames } from './frame.ts';
import {
  countProcesses,
  load1,
  type Memory,
  median,
  medianWallMs,
  memoryOf,
  perIteration,
  sleep,
  spawnIdle,
} from './measure.ts';
import { measureTui, type TuiBenchResult } from './tui.ts';

// The bench runs with the daemon's node flags, so the in-process engine figure is what the
// daemon pays per tick (src/cli/daemon-node.ts re-executes this process once, same pid).
execDaemonSettings();

const REPO = fileURLToPath(new URL('..', import.meta.url));
const BIN = `${REPO}dist/src/cli/main.js`;
const IDLE = Number(process.env.BENCH_PROCESSES ?? 1000);
const TICKS = Number(process.env.BENCH_TICKS ?? 30);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const WATCH_MINUTES = Number(process.env.BENCH_WATCH_MINUTES ?? 0);

/** The daemon's engine in this process: CPU ms per tick, and GC ms and collections per tick. */
async function inProcessEngine(ticks: number): Promise<{ ms: number; gcMs: number; gcs: number }> {
  // The daemon's whole engine: every collector and the analyzer (rules, lineage, lifecycle).
  const engine = buildEngine({
    config: defaultConfig(),
    role: 'daemon',
    log: createLogger({ level: 'error' }),
  });
  // Past the first sweeps (every cmdline read once, every fd counted once): steady state.
  for (let i = 0; i < 3; i++) await engine.tick();
  let gcMs = 0;
  let gcs = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
      gcs++;
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  const before = process.cpuUsage();
  for (let i = 0; i < ticks; i++) await engine.tick();
  const used = process.cpuUsage(before);
  await sleep(10); // the observer's last entries
  obs.disconnect();
  await engine.stop();
  return { ms: (used.user + used.system) / 1000 / ticks, gcMs: gcMs / ticks, gcs: gcs / ticks };
}

/**
 * The daemon's memory at 1 s once every per-process series is full. memory_leak keeps each
 * process's RSS over leak_window_secs (600 s by default) at a fixed number of points, so memory
 * grows for that long whatever the interval; a 20 s window reaches the same steady state in 20 s.
 * The daemon hands memory back every 60 s (daemon-node.ts): RSS is a sawtooth, mean and max shown.
 */
async function daemonMemory(samplesSecs = 40): Promise<{ mean: Memory; max: Memory }> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-rss-'));
  const config = join(dir, 'config.toml');
  writeFileSync(config, '[thresholds]\nleak_window_secs = 20\n');
  const child = spawn(process.execPath, [BIN, '--headless', '--interval', '1', '--config', config], {
    stdio: 'ignore',
    env: { ...process.env, VIGIL_DATA_DIR: join(dir, 'data') },
  });
  try {
    await sleep(20_000);
    const samples: Memory[] = [];
    for (let i = 0; i < samplesSecs; i++) {
      await sleep(1000);
      const m = memoryOf(child.pid!);
      if (m) samples.push(m);
    }
    const mean = (k: keyof Memory) => samples.reduce((a, m) => a + m[k], 0) / samples.length;
    return {
      mean: { rssMB: mean('rssMB'), anonMB: mean('anonMB'), fileMB: mean('fileMB') },
      max: samples.reduce((a, m) => (m.rssMB > a.rssMB ? m : a)),
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A bare `node` waiting on a timer: the floor any Node program starts from. */
async function bareNodeMemory(): Promise<Memory> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)'], { stdio: 'ignore' });
  await sleep(1000);
  const m = memoryOf(child.pid!)!;
  child.kill();
  await new Promise((r) => child.once('exit', r));
  return m;
}

interface Run {
  processes: number;
  load: number;
  tui: TuiBenchResult;
  engineMs: number;
  engineGcMs: number;
  engineGcs: number;
  topMs: number;
  daemonMs: number;
  daemon: { mean: Memory; max: Memory };
  bare: Memory;
  versionMs: number;
  nodeMs: number;
}

async function oneRun(n: number): Promise<Run> {
  const processes = countProcesses();
  const load = load1();
  console.log(`run ${n}: ${processes} processes, load ${load}`);
  const tui = await measureTui({ log: (l) => console.log(l) });
  const engine = await inProcessEngine(TICKS);
  const engineMs = engine.ms;
  const topMs = perIteration((k) => `top -b -d 0.05 -n ${k}`, TICKS);
  // The daemon runs 3× longer so one-off costs (opening the store…) are spread thin.
  const daemonMs = perIteration((k) => `node ${BIN} --headless --interval 0.05 --ticks ${k}`, TICKS * 3, {
    ...process.env,
    NO_COLOR: '1',
    VIGIL_DATA_DIR: join(tmpdir(), `vigil-bench-data-${process.pid}`),
  });
  const daemon = await daemonMemory();
  const bare = await bareNodeMemory();
  const versionMs = medianWallMs(process.execPath, [BIN, '--version']);
  const nodeMs = medianWallMs(process.execPath, ['-e', '0']);
  const r = {
    processes,
    load,
    tui,
    engineMs,
    engineGcMs: engine.gcMs,
    engineGcs: engine.gcs,
    topMs,
    daemonMs,
    daemon,
    bare,
    versionMs,
    nodeMs,
  };
  console.log(
    `  watch ${f2(tui.vigil.cpuPercent)} % (btop ${f2(tui.btop.cpuPercent)} %, htop ${f2(tui.htop.cpuPercent)} %), RSS ${f1(tui.vigil.rssMaxMB)} MB; engine ${f2(engineMs)} ms/tick (top -b ${f2(topMs)}); daemon ${f2(daemonMs)} ms/tick, RSS ${f1(daemon.mean.rssMB)} MB mean ${f1(daemon.max.rssMB)} max; --version ${f1(versionMs)} ms (node -e 0 ${f1(nodeMs)})`,
  );
  return r;
}

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

function report(runs: Run[]): void {
  const m = (f: (r: Run) => number) => median(runs.map(f));
  const rows: [string, string, string, string, string][] = [
    [
      '`vigil watch` CPU at a 1 s refresh',
      `${f2(m((r) => r.tui.vigil.cpuPercent))} % (${f1(m((r) => r.tui.vigil.msPerRefresh))} ms/refresh)`,
      `btop ${f2(m((r) => r.tui.btop.cpuPercent))} % (htop ${f2(m((r) => r.tui.htop.cpuPercent))} %)`,
      f2(m((r) => r.tui.vigil.cpuPercent / r.tui.btop.cpuPercent)),
      '≤ 1.0',
    ],
    [
      'engine CPU per tick (in-process, daemon flags)',
      `${f2(m((r) => r.engineMs))} ms (GC ${f2(m((r) => r.engineGcMs))} ms, ${f2(m((r) => r.engineGcs))} collections)`,
      `\`top -b\` ${f2(m((r) => r.topMs))} ms`,
      f2(m((r) => r.engineMs / r.topMs)),
      '≤ 0.8',
    ],
    [
      'daemon CPU per tick (`vigil --headless`)',
      `${f2(m((r) => r.daemonMs))} ms`,
      `\`top -b\` ${f2(m((r) => r.topMs))} ms`,
      f2(m((r) => r.daemonMs / r.topMs)),
      '—',
    ],
    [
      '`vigil watch` RSS at 1 s (max over the window)',
      `${f1(m((r) => r.tui.vigil.rssMaxMB))} MB (private ${f1(m((r) => r.tui.vigil.anonMeanMB))})`,
      `btop ${f1(m((r) => r.tui.btop.rssMaxMB))} MB`,
      '—',
      '≤ 100 MB',
    ],
    [
      'daemon RSS at 1 s (steady state)',
      `${f1(m((r) => r.daemon.mean.rssMB))} MB mean, ${f1(m((r) => r.daemon.max.rssMB))} max`,
      `bare \`node\` ${f1(m((r) => r.bare.rssMB))} MB`,
      '—',
      '≤ 70 MB',
    ],
    [
      '`vigil --version` start-up',
      `${f1(m((r) => r.versionMs))} ms`,
      `\`node -e 0\` ${f1(m((r) => r.nodeMs))} ms`,
      f2(m((r) => r.versionMs / r.nodeMs)),
      '≤ 1.2',
    ],
  ];
  console.log(
    `\nMedian of ${runs.length} run(s) — ${m((r) => r.processes)} processes, load ${runs.map((r) => r.load).join(' / ')}:\n`,
  );
  console.log('| measure | Vigil | reference | ratio | goal |\n| --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

async function main(): Promise<void> {
  if (!existsSync(BIN)) throw new Error('dist/ is missing: run `npm run build` (npm run bench does)');
  console.log(`Vigil bench — ${new Date().toISOString()}, node ${process.version}, ${RUNS} run(s)`);
  const idle = spawnIdle(IDLE);
  try {
    await sleep(1500);
    const runs: Run[] = [];
    for (let i = 1; i <= RUNS; i++) runs.push(await oneRun(i));
    report(runs);
    const f = await measureFrames(60);
    console.log(
      `\nA \`vigil watch\` refresh in one process (bench/frame.ts, ${f.processes} processes, ${f.frames} refreshes): tick ${f2(f.tickMs)} ms + frame ${f2(f.frameMs)} ms of CPU, of which GC ${f2(f.gcMs)} ms`,
    );
    if (WATCH_MINUTES > 0) {
      console.log(`\n\`vigil watch\` and btop at 1 s for ${WATCH_MINUTES} minutes (RSS every 30 s):`);
      const long = await measureTui({ seriesMinutes: WATCH_MINUTES, log: (l) => console.log(l) });
      const pts = long.series.filter((p) => p.vigil !== null);
      const first = pts.find((p) => p.minute >= 1)?.vigil?.rssMB ?? 0;
      const last = pts[pts.length - 1]?.vigil?.rssMB ?? 0;
      console.log(
        `  watch RSS ${f1(first)} MB at 1 min → ${f1(last)} MB at ${WATCH_MINUTES} min (max ${f1(Math.max(...pts.map((p) => p.vigil!.rssMB)))}); CPU over the whole run: watch ${long.seriesCpu?.vigil} %, btop ${long.seriesCpu?.btop} %`,
      );
    }
  } finally {
    idle.stop();
  }

  // BENCH_EXTRA=0 skips the store, recorder and rules benches (a quick look at the table).
  for (const extra of process.env.BENCH_EXTRA === '0' ? [] : ['store', 'recorder', 'rules']) {
    const file = `${REPO}bench/${extra}.ts`;
    if (!existsSync(file)) continue;
    const mod = (await import(file)) as { bench?: () => Promise<void> };
    if (mod.bench) {
      console.log(`\n--- bench/${extra}.ts`);
      await mod.bench();
    }
  }
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${(err as Error).message}`);
  process.exitCode = 1;
});
