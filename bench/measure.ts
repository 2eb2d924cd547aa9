// What the benches measure with: CPU time of processes from the kernel's own accounting, resident
// memory, idle processes to sample, tmux sessions. No timers' sampling error: CPU comes from
// /proc/PID/stat (utime + stime) or from a parent shell's cutime + cstime.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

/** USER_HZ: the unit of /proc CPU times. */
export const USER_HZ = 100;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** utime + stime of a process in USER_HZ ticks (the comm may hold spaces and parentheses). */
export function cpuTicksOf(pid: number): number | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return null;
  }
}

export interface Memory {
  rssMB: number;
  anonMB: number;
  fileMB: number;
}

export function memoryOf(pid: number): Memory | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const mb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0) / 1024;
  return { rssMB: mb('VmRSS'), anonMB: mb('RssAnon'), fileMB: mb('RssFile') };
}

export function countProcesses(): number {
  return readdirSync('/proc').filter((d) => d.charCodeAt(0) >= 48 && d.charCodeAt(0) <= 57).length;
}

export function load1(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}

/**
 * `count` idle processes in a process group of their own. They run a private copy of `sleep`
 * (comm `vigil-idle`), so another program's `pkill sleep` does not take them away mid-run.
 */
export function spawnIdle(count: number): { stop(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-idle-'));
  const bin = join(dir, 'vigil-idle');
  copyFileSync('/bin/sleep', bin);
  const child: ChildProcess = spawn(
    '/bin/sh',
    ['-c', `i=0; while [ $i -lt ${count} ]; do '${bin}' 3600 & i=$((i+1)); done; wait`],
    { stdio: 'ignore', detached: true },
  );
  return {
    stop() {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** CPU of a shell command in USER_HZ ticks: bash waits for it, then reports its cutime + cstime. */
function childTicks(script: string, env: NodeJS.ProcessEnv): number {
  const r = spawnSync(
    'bash',
    [
      '-c',
      `${script} >/dev/null 2>&1; s=$(cat /proc/$$/stat); s=\${s##*) }; set -- $s; echo $(( \${14} + \${15} ))`,
    ],
    { encoding: 'utf8', env },
  );
  const n = Number(r.stdout.trim());
  if (!Number.isFinite(n)) throw new Error(`could not measure: ${script}: ${r.stderr}`);
  return n;
}

/** Steady-state CPU ms per iteration: (cost of 1+N iterations − cost of 1) / N, median of 3. */
export function perIteration(make: (n: number) => string, n: number, env = process.env): number {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const one = childTicks(make(1), env);
    const many = childTicks(make(1 + n), env);
    runs.push(((many - one) * (1000 / USER_HZ)) / n);
  }
  return median(runs);
}

export function medianWallMs(cmd: string, args: string[], runs = 15): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    spawnSync(cmd, args, { stdio: 'ignore' });
    times.push(performance.now() - t0);
  }
  return median(times);
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The descendant of `root` whose comm starts with `comm` (tmux runs commands through a shell). */
export function findDescendant(root: number, comm: string): number | null {
  const parent = new Map<number, number>();
  const names = new Map<number, string>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const text = readFileSync(`/proc/${d}/stat`, 'latin1');
      const close = text.lastIndexOf(')');
      parent.set(Number(d), Number(text.slice(close + 2).split(' ')[1]));
      names.set(Number(d), text.slice(text.indexOf('(') + 1, close));
    } catch {
      // gone
    }
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

export async function waitFor<T>(f: () => T | null, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = f();
    if (v !== null) return v;
    await sleep(100);
  }
  throw new Error(`bench: timed out waiting for ${what}`);
}
