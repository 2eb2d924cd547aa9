// Helpers for the rules' scenario tests: a real engine (real /proc, real collectors) ticking
// every 0.2 s in-process, real spawned processes, and tick-counted detection latency.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig } from '../../src/config/defaults.ts';
import type { VigilConfig } from '../../src/config/types.ts';
import { createLogger } from '../../src/core/log.ts';
import type { AlertEvent, Snapshot } from '../../src/core/types.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { buildEngine } from '../../src/host/compose.ts';

export const INTERVAL_MS = 200;

/** The real python3 binary (not a version-manager shim), so `$!` and spawn pids are python's. */
export const PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
  encoding: 'utf8',
}).trim();

export interface Running {
  engine: Engine;
  config: VigilConfig;
  /** Alert events with the tick they came with. */
  alerts: { tick: number; event: AlertEvent }[];
  latest(): Snapshot | undefined;
  tick(): number;
  /** Record the first tick at which `pred` holds on a snapshot. */
  watch(pred: (s: Snapshot) => boolean): { tick: number | null };
  stop(): Promise<void>;
}

export function startEngine(tweak: (c: VigilConfig) => void = () => {}): Running {
  const config = defaultConfig({ LANG: 'C' });
  config.general.interval_secs = INTERVAL_MS / 1000;
  tweak(config);
  const engine = buildEngine({ config, role: 'daemon', log: createLogger({ write: () => {} }) });
  const alerts: Running['alerts'] = [];
  const watches: { pred: (s: Snapshot) => boolean; box: { tick: number | null } }[] = [];
  let ticks = 0;
  let last: Snapshot | undefined;
  engine.subscribe((e) => {
    if (e.type === 'snapshot') {
      ticks++;
      last = e.snapshot;
      for (const w of watches) if (w.box.tick === null && w.pred(e.snapshot)) w.box.tick = ticks;
    } else if (e.type === 'alert') alerts.push({ tick: ticks, event: e.alert });
  });
  engine.start(INTERVAL_MS);
  return {
    engine,
    config,
    alerts,
    latest: () => last,
    tick: () => ticks,
    watch(pred) {
      const box = { tick: null as number | null };
      watches.push({ pred, box });
      return box;
    },
    stop: () => engine.stop(),
  };
}

export async function until<T>(
  what: string,
  fn: () => T | undefined | null | false,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== null && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Kill by pid (only pids this test spawned), ignoring the ones already gone. */
export function reap(pids: Iterable<number>): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Spawn and collect the first line of stdout (a pid list printed by the helper program). With
 * `session`, the child leads a new session, as a terminal's shell does.
 */
export async function spawnWithLine(
  cmd: string,
  args: string[],
  opts: { session?: boolean } = {},
): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'], detached: opts.session ?? false });
  let buf = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => {
    buf += d;
  });
  const line = await until(`a line from ${cmd}`, () =>
    buf.includes('\n') ? buf.slice(0, buf.indexOf('\n')) : null,
  );
  return { child, line };
}

/**
 * The storm's programs, written into `dir`: `mcp_server.py MB [ARGS…]` holds MB MiB and sleeps;
 * `host.cjs N PYTHON SERVER MB [ARGS…]` (run by node) starts N servers with those arguments,
 * prints their pids as one JSON line and stays.
 */
export function stormScripts(dir: string): { server: string; host: string } {
  const server = join(dir, 'mcp_server.py');
  const host = join(dir, 'host.cjs');
  writeFileSync(
    server,
    'import sys, time\ndata = b"x" * (int(sys.argv[1]) * 1024 * 1024)\nwhile True:\n    time.sleep(1)\n',
  );
  writeFileSync(
    host,
    `const { spawn } = require('node:child_process');
const [n, py, script, mb, ...args] = process.argv.slice(2);
const pids = [];
for (let i = 0; i < Number(n); i++) pids.push(spawn(py, [script, mb, ...args], { stdio: 'ignore' }).pid);
process.stdout.write(JSON.stringify(pids) + '\\n');
setInterval(() => {}, 1000);
`,
  );
  return { server, host };
}

/** Run the storm's host (stormScripts) for `n` servers of `mb` MiB: the host and the servers' pids, sorted. */
export async function startStorm(
  scripts: { server: string; host: string },
  n: number,
  mb: number,
  args: string[] = [],
): Promise<{ child: ChildProcess; pids: number[] }> {
  const { child, line } = await spawnWithLine(process.execPath, [
    scripts.host,
    String(n),
    PYTHON,
    scripts.server,
    String(mb),
    ...args,
  ]);
  return { child, pids: (JSON.parse(line) as number[]).sort((a, b) => a - b) };
}
