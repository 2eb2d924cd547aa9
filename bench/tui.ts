// `vigil watch` against htop, side by side in one run: both in tmux at a 1 s refresh with ~1000
// idle processes on the machine; CPU time (utime + stime from /proc/PID/stat) over the same wall
// window, per refresh. Run alone (`node bench/tui.ts`) or through `npm run bench`.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const USER_HZ = 100;

export interface TuiBenchOptions {
  /** Processes on the machine during the run (idle sleepers are added up to this). */
  processes?: number;
  intervalSecs?: number;
  /** Measured window, after the warm-up. */
  windowSecs?: number;
  warmupSecs?: number;
  log?: (line: string) => void;
}

export interface TuiBenchResult {
  processes: number;
  intervalSecs: number;
  windowSecs: number;
  vigil: { cpuPercent: number; msPerRefresh: number };
  htop: { cpuPercent: number; msPerRefresh: number };
  /** The same engine without the screen (`vigil --headless`), for the TUI's own share. */
  headless: { cpuPercent: number; msPerRefresh: number };
  /** vigil / htop CPU time (target: <= 1). */
  ratio: number;
}

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function statOf(pid: number): { ppid: number; comm: string; ticks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const close = text.lastIndexOf(')');
    const f = text.slice(close + 2).split(' ');
    return {
      ppid: Number(f[1]),
      comm: text.slice(text.indexOf('(') + 1, close),
      ticks: Number(f[11]) + Number(f[12]),
    };
  } catch {
    return null;
  }
}

function countProcesses(): number {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).length;
}

/** The descendant of `root` whose comm is `comm` (tmux runs commands through a shell). */
function findDescendant(root: number, comm: string): number | null {
  const parent = new Map<number, number>();
  const names = new Map<number, string>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const st = statOf(Number(d));
    if (!st) continue;
    parent.set(Number(d), st.ppid);
    names.set(Number(d), st.comm);
  }
  for (const [pid, name] of names) {
    if (!name.startsWith(comm)) continue;
    let p: number | undefined = pid;
    for (let i = 0; i < 10 && p !== undefined; i++) {
      if (p === root) return pid;
      p = parent.get(p);
    }
  }
  return null;
}

async function waitFor<T>(f: () => T | null, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = f();
    if (v !== null) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`bench: timed out waiting for ${what}`);
}

/** Measure and print; the figures come back for callers that want them. */
export async function measureTui(opts: TuiBenchOptions = {}): Promise<TuiBenchResult> {
  const target = opts.processes ?? 1000;
  const interval = opts.intervalSecs ?? 1;
  const windowSecs = opts.windowSecs ?? 20;
  const warmup = opts.warmupSecs ?? 4;
  const log = opts.log ?? ((l: string) => process.stdout.write(l + '\n'));
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-tui-'));
  const tag = `vigil-bench-${process.pid}`;
  const sessions = [`${tag}-vigil`, `${tag}-htop`, `${tag}-headless`];
  let sleepers: ChildProcess | null = null;
  // Processes this bench started inside tmux; stopped by pid before their sessions go (a
  // daemon takes the SIGHUP of a closing tmux pane as "reload the config", not as "exit").
  const started: number[] = [];
  try {
    // Idle processes: one shell (its own process group) forks the sleepers and waits.
    const missing = Math.max(0, target - countProcesses());
    sleepers = spawn(
      '/bin/sh',
      ['-c', `i=0; while [ $i -lt ${missing} ]; do sleep 3600 & i=$((i+1)); done; wait`],
      {
        stdio: 'ignore',
        detached: true,
      },
    );
    await waitFor(() => (countProcesses() >= target - 5 ? true : null), 60_000, `${target} processes`);
    const node = process.execPath;
    // Defaults only: a config and data dir of its own, nothing from the user's.
    const env = `env TERM=tmux-256color XDG_CONFIG_HOME='${dir}' XDG_DATA_HOME='${dir}'`;
    tmux(
      'new-session',
      '-d',
      '-s',
      sessions[0]!,
      '-x',
      '120',
      '-y',
      '40',
      '-c',
      ROOT,
      `${env} '${node}' src/cli/main.ts watch --interval ${interval}; sleep 60`,
    );
    tmux(
      'new-session',
      '-d',
      '-s',
      sessions[1]!,
      '-x',
      '120',
      '-y',
      '40',
      `htop -d ${Math.round(interval * 10)}; sleep 60`,
    );
    // The same engine without the screen, to separate the TUI's own cost from sampling.
    tmux(
      'new-session',
      '-d',
      '-s',
      sessions[2]!,
      '-x',
      '120',
      '-y',
      '40',
      '-c',
      ROOT,
      `${env} '${node}' src/cli/main.ts --headless --interval ${interval} 2>/dev/null; sleep 60`,
    );
    const panes = sessions.map((s) => Number(tmux('display', '-p', '-t', s, '#{pane_pid}').trim()));
    const vigilPid = await waitFor(() => findDescendant(panes[0]!, 'vigil'), 20_000, 'vigil');
    const htopPid = await waitFor(() => findDescendant(panes[1]!, 'htop'), 20_000, 'htop');
    const headlessPid = await waitFor(() => findDescendant(panes[2]!, 'vigil'), 20_000, 'vigil --headless');
    started.push(vigilPid, htopPid, headlessPid);
    await new Promise((r) => setTimeout(r, warmup * 1000));
    const a0 = statOf(vigilPid)!.ticks;
    const b0 = statOf(htopPid)!.ticks;
    const c0 = statOf(headlessPid)!.ticks;
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, windowSecs * 1000));
    const a1 = statOf(vigilPid)?.ticks;
    const b1 = statOf(htopPid)?.ticks;
    const c1 = statOf(headlessPid)?.ticks;
    const wall = (performance.now() - t0) / 1000;
    if (a1 === undefined || b1 === undefined || c1 === undefined) {
      throw new Error('bench: vigil or htop exited during the run');
    }
    const refreshes = wall / interval;
    const per = (d: number) => ({
      cpuPercent: Math.round((d / USER_HZ / wall) * 100 * 100) / 100,
      msPerRefresh: Math.round((((d / USER_HZ) * 1000) / refreshes) * 10) / 10,
    });
    const result: TuiBenchResult = {
      processes: countProcesses(),
      intervalSecs: interval,
      windowSecs: Math.round(wall * 10) / 10,
      vigil: per(a1 - a0),
      htop: per(b1 - b0),
      headless: per(c1 - c0),
      ratio: b1 - b0 > 0 ? Math.round(((a1 - a0) / (b1 - b0)) * 100) / 100 : Number.POSITIVE_INFINITY,
    };
    log(`tui: ${result.processes} processes, ${interval} s refresh, ${result.windowSecs} s window`);
    log(
      `  vigil watch  ${result.vigil.cpuPercent.toFixed(2)} % CPU  ${result.vigil.msPerRefresh} ms/refresh`,
    );
    log(`  htop         ${result.htop.cpuPercent.toFixed(2)} % CPU  ${result.htop.msPerRefresh} ms/refresh`);
    log(
      `  (vigil --headless ${result.headless.cpuPercent.toFixed(2)} % CPU  ${result.headless.msPerRefresh} ms/refresh: the engine alone)`,
    );
    log(`  ratio vigil/htop ${result.ratio} (target <= 1)`);
    return result;
  } finally {
    for (const pid of started) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    if (started.length) await new Promise((r) => setTimeout(r, 1500));
    for (const s of sessions) {
      try {
        tmux('kill-session', '-t', s);
      } catch {
        // not started or already gone
      }
    }
    if (sleepers?.pid) {
      try {
        process.kill(-sleepers.pid, 'SIGKILL'); // the sleepers' group, which this bench created
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The `npm run bench` entry (bench/run.ts): ~1000 processes, 1 s refresh, printed. */
export async function bench(): Promise<void> {
  await measureTui();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  bench().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = 1;
  });
}
