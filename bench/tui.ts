// `vigil watch` against btop and htop, side by side in one run: each in its own tmux session at
// the same refresh, with ~1000 idle processes on the machine; CPU time (utime + stime) over the
// same wall window, resident memory sampled every second. Optionally a long RSS series (the
// watch must stay flat for 10 minutes). Run alone (`node bench/tui.ts`) or through
// `npm run bench`. btop gets a throwaway HOME and XDG_CONFIG_HOME holding its btop.conf
// (update_ms), so nothing is left behind.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIRST_RELEASE_MS } from '../src/cli/daemon-node.ts';
import {
  countProcesses,
  cpuTicksOf,
  findDescendant,
  type Memory,
  memoryOf,
  sleep,
  spawnIdle,
  tmux,
  USER_HZ,
  waitFor,
} from './measure.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface TuiBenchOptions {
  intervalSecs?: number;
  /** Measured window, after the warm-up. */
  windowSecs?: number;
  warmupSecs?: number;
  /** Keep the monitors running this long from their start and sample RSS every 30 s (0: no series). */
  seriesMinutes?: number;
  log?: (line: string) => void;
}

export interface MonitorFigures {
  cpuPercent: number;
  msPerRefresh: number;
  rssMeanMB: number;
  rssMaxMB: number;
  anonMeanMB: number;
}

export interface SeriesPoint {
  minute: number;
  vigil: Memory | null;
  btop: Memory | null;
}

export interface TuiBenchResult {
  processes: number;
  intervalSecs: number;
  windowSecs: number;
  vigil: MonitorFigures;
  btop: MonitorFigures;
  htop: MonitorFigures;
  series: SeriesPoint[];
  /** CPU % of each over the whole series, when there is one. */
  seriesCpu: { vigil: number; btop: number } | null;
}

const NAMES = ['vigil', 'btop', 'htop'] as const;
type Name = (typeof NAMES)[number];

function commands(dir: string, interval: number): Record<Name, string> {
  const node = process.execPath;
  const btopHome = join(dir, 'btop');
  mkdirSync(join(btopHome, '.config', 'btop'), { recursive: true });
  writeFileSync(
    join(btopHome, '.config', 'btop', 'btop.conf'),
    `update_ms = ${Math.round(interval * 1000)}\n`,
  );
  const term = 'TERM=tmux-256color';
  return {
    // What users run: the built entry point, defaults only (a config and data dir of its own).
    vigil: `env ${term} HOME='${dir}/vigil' XDG_CONFIG_HOME='${dir}/vigil/config' XDG_DATA_HOME='${dir}/vigil/data' '${node}' dist/src/cli/main.js watch --interval ${interval}`,
    btop: `env ${term} HOME='${btopHome}' XDG_CONFIG_HOME='${btopHome}/.config' btop`,
    htop: `env ${term} HOME='${dir}/htop' htop -d ${Math.round(interval * 10)}`,
  };
}

function figures(ticks: number, wall: number, interval: number, mem: Memory[]): MonitorFigures {
  const mean = (k: keyof Memory) => mem.reduce((a, m) => a + m[k], 0) / Math.max(1, mem.length);
  return {
    cpuPercent: Math.round((ticks / USER_HZ / wall) * 100 * 100) / 100,
    msPerRefresh: Math.round((((ticks / USER_HZ) * 1000) / (wall / interval)) * 10) / 10,
    rssMeanMB: Math.round(mean('rssMB') * 10) / 10,
    rssMaxMB: Math.round(Math.max(0, ...mem.map((m) => m.rssMB)) * 10) / 10,
    anonMeanMB: Math.round(mean('anonMB') * 10) / 10,
  };
}

/** Measure and print; the figures come back for callers that want them. */
export async function measureTui(opts: TuiBenchOptions = {}): Promise<TuiBenchResult> {
  const interval = opts.intervalSecs ?? 1;
  const windowSecs = opts.windowSecs ?? 20;
  // Start-up is not steady state: past the TUI's first memory release (a one-off full GC of
  // ~170 ms, FIRST_RELEASE_MS after start) and a few ticks more.
  const warmup = opts.warmupSecs ?? FIRST_RELEASE_MS / 1000 + 5;
  const seriesMinutes = opts.seriesMinutes ?? 0;
  const log = opts.log ?? ((l: string) => process.stdout.write(l + '\n'));
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-tui-'));
  const tag = `vigil-bench-${process.pid}`;
  const session = (n: Name) => `${tag}-${n}`;
  const started: number[] = [];
  try {
    const cmds = commands(dir, interval);
    for (const n of NAMES) {
      tmux(
        'new-session',
        '-d',
        '-s',
        session(n),
        '-x',
        '120',
        '-y',
        '40',
        '-c',
        ROOT,
        `${cmds[n]}; sleep 60`,
      );
    }
    const pid = {} as Record<Name, number>;
    for (const n of NAMES) {
      const pane = Number(tmux('display', '-p', '-t', session(n), '#{pane_pid}').trim());
      pid[n] = await waitFor(() => findDescendant(pane, n), 20_000, n);
      started.push(pid[n]);
    }
    const t0 = performance.now();
    await sleep(warmup * 1000);
    const before = NAMES.map((n) => cpuTicksOf(pid[n]));
    const w0 = performance.now();
    const mem: Record<Name, Memory[]> = { vigil: [], btop: [], htop: [] };
    while (performance.now() - w0 < windowSecs * 1000) {
      await sleep(1000);
      for (const n of NAMES) {
        const m = memoryOf(pid[n]);
        if (m) mem[n].push(m);
      }
    }
    const after = NAMES.map((n) => cpuTicksOf(pid[n]));
    const wall = (performance.now() - w0) / 1000;
    if (after.some((a) => a === null) || before.some((b) => b === null)) {
      throw new Error('bench: a monitor exited during the run');
    }
    const fig = (i: number) => figures(after[i]! - before[i]!, wall, interval, mem[NAMES[i]!]);
    const series: SeriesPoint[] = [];
    let seriesCpu: TuiBenchResult['seriesCpu'] = null;
    if (seriesMinutes > 0) {
      // The long series: the warm-up and window above count; htop is not needed any more.
      tmux('kill-session', '-t', session('htop'));
      for (let minute = 0.5; minute <= seriesMinutes; minute += 0.5) {
        const at = t0 + minute * 60_000;
        await sleep(Math.max(0, at - performance.now()));
        const point = { minute, vigil: memoryOf(pid.vigil), btop: memoryOf(pid.btop) };
        series.push(point);
        log(
          `  series ${minute.toFixed(1).padStart(4)} min: vigil watch RSS ${point.vigil?.rssMB.toFixed(1)} MB (private ${point.vigil?.anonMB.toFixed(1)}), btop ${point.btop?.rssMB.toFixed(1)} MB`,
        );
      }
      const total = (performance.now() - w0) / 1000;
      const cpu = (n: Name, i: number) =>
        Math.round((((cpuTicksOf(pid[n]) ?? 0) - before[i]!) / USER_HZ / total) * 10000) / 100;
      seriesCpu = { vigil: cpu('vigil', 0), btop: cpu('btop', 1) };
    }
    return {
      processes: countProcesses(),
      intervalSecs: interval,
      windowSecs: Math.round(wall * 10) / 10,
      vigil: fig(0),
      btop: fig(1),
      htop: fig(2),
      series,
      seriesCpu,
    };
  } finally {
    for (const p of started) {
      try {
        process.kill(p, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    if (started.length) await sleep(1500);
    for (const n of NAMES) {
      try {
        tmux('kill-session', '-t', session(n));
      } catch {
        // not started or already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Alone: ~1000 idle processes, a 1 s refresh, printed. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const idle = spawnIdle(1000);
  sleep(1500)
    .then(() => measureTui({ seriesMinutes: Number(process.env.BENCH_WATCH_MINUTES ?? 0) }))
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((err: unknown) => {
      process.stderr.write(`${(err as Error).message}\n`);
      process.exitCode = 1;
    })
    .finally(() => idle.stop());
}
