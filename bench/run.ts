// npm run bench — Vigil's cost against references measured in the same run on this machine.
// Figures move from run to run; the ratios are what to compare (docs/performance.md).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execDaemonSettings } from '../src/cli/daemon-node.ts';
import { defaultConfig } from '../src/config/defaults.ts';
import { createLogger } from '../src/core/log.ts';
import { buildEngine } from '../src/host/compose.ts';

// The bench runs with the daemon's node flags, so the in-process engine figure is what the
// daemon pays per tick (src/cli/daemon-node.ts re-executes this process once, same pid).
execDaemonSettings();

const REPO = fileURLToPath(new URL('..', import.meta.url));
const BIN = `${REPO}dist/src/cli/main.js`;
const IDLE = Number(process.env.BENCH_PROCESSES ?? 1000);
const TICKS = Number(process.env.BENCH_TICKS ?? 30);

function clkTicksOfChildren(script: string): number {
  // bash waits for its child, then reports its own cutime+cstime (fields 16 and 17 of stat):
  // the CPU the child used, in USER_HZ ticks, without a timer's sampling error.
  const r = spawnSync(
    'bash',
    [
      '-c',
      `${script} >/dev/null 2>&1; s=$(cat /proc/$$/stat); s=\${s##*) }; set -- $s; echo $(( \${14} + \${15} ))`,
    ],
    { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', VIGIL_DATA_DIR: '/tmp/vigil-bench-data' } },
  );
  const n = Number(r.stdout.trim());
  if (!Number.isFinite(n)) throw new Error(`could not measure: ${script}: ${r.stderr}`);
  return n;
}

/** Steady-state CPU ms per iteration: (cost of 1+N iterations − cost of 1) / N, best of 3. */
function perIteration(make: (n: number) => string, n: number): number {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const one = clkTicksOfChildren(make(1));
    const many = clkTicksOfChildren(make(1 + n));
    runs.push(((many - one) * 10) / n);
  }
  runs.sort((a, b) => a - b);
  return runs[1]!;
}

function spawnIdle(count: number): ChildProcess {
  const child = spawn('bash', ['-c', `for i in $(seq ${count}); do sleep 3600 & done; wait`], {
    stdio: 'ignore',
    detached: true,
  });
  return child;
}

function countProcesses(): number {
  return Number(spawnSync('bash', ['-c', 'ls -d /proc/[0-9]* | wc -l'], { encoding: 'utf8' }).stdout.trim());
}

async function inProcessEngine(ticks: number): Promise<number> {
  // The daemon's whole engine: every collector and the analyzer (rules, lineage, lifecycle).
  const config = defaultConfig();
  const engine = buildEngine({ config, role: 'daemon', log: createLogger({ level: 'error' }) });
  await engine.tick();
  const before = process.cpuUsage();
  for (let i = 0; i < ticks; i++) await engine.tick();
  const used = process.cpuUsage(before);
  await engine.stop();
  return (used.user + used.system) / 1000 / ticks;
}

interface Memory {
  rssMB: number;
  hwmMB: number;
  anonMB: number;
  fileMB: number;
}

function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0) / 1024;
  return { rssMB: mb('VmRSS'), hwmMB: mb('VmHWM'), anonMB: mb('RssAnon'), fileMB: mb('RssFile') };
}

/**
 * The daemon's memory once every per-process series is full. memory_leak keeps each process's
 * RSS over leak_window_secs (600 s by default) at a fixed number of points, so memory grows for
 * that long whatever the interval; a 20 s window reaches the same steady state in 20 s.
 */
async function daemonMemory(): Promise<{ mean: Memory; max: Memory }> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-rss-'));
  const config = join(dir, 'config.toml');
  writeFileSync(config, '[thresholds]\nleak_window_secs = 20\n');
  const child = spawn(process.execPath, [BIN, '--headless', '--interval', '1', '--config', config], {
    stdio: 'ignore',
    env: { ...process.env, VIGIL_DATA_DIR: join(dir, 'data') },
  });
  try {
    // Once the series are full (20 s), a minute of samples: the daemon hands memory back every
    // 60 s (src/cli/daemon-node.ts), so RSS is a sawtooth; its mean and its top are both shown.
    await new Promise((r) => setTimeout(r, 20_000));
    const samples: Memory[] = [];
    for (let i = 0; i < 60; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      samples.push(memoryOf(child.pid!));
    }
    const mean = (k: keyof Memory) => samples.reduce((a, m) => a + m[k], 0) / samples.length;
    const top = samples.reduce((a, m) => (m.rssMB > a.rssMB ? m : a));
    return {
      mean: { rssMB: mean('rssMB'), hwmMB: top.hwmMB, anonMB: mean('anonMB'), fileMB: mean('fileMB') },
      max: top,
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
  await new Promise((r) => setTimeout(r, 1000));
  const m = memoryOf(child.pid!);
  child.kill();
  await new Promise((r) => child.once('exit', r));
  return m;
}

function medianWallMs(cmd: string, args: string[], runs = 15): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    spawnSync(cmd, args, { stdio: 'ignore' });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

async function main(): Promise<void> {
  if (!existsSync(BIN)) throw new Error('dist/ is missing: run `npm run build` (npm run bench does)');
  console.log(`Vigil bench — ${new Date().toISOString()}, node ${process.version}`);
  const idle = spawnIdle(IDLE);
  try {
    await new Promise((r) => setTimeout(r, 1500));
    console.log(`processes on the machine: ${countProcesses()} (${IDLE} idle sleepers spawned)\n`);

    const engineMs = await inProcessEngine(TICKS);
    // The daemon runs 3× longer so one-off costs (loading execa for the first notification,
    // opening the store) are spread thin: steady state is what a user pays.
    const daemonMs = perIteration((n) => `node ${BIN} --headless --interval 0.05 --ticks ${n}`, TICKS * 3);
    const topMs = perIteration((n) => `top -b -d 0.05 -n ${n}`, TICKS);
    console.log('Per-tick CPU at this process count (steady state, CPU ms per sample):');
    console.log(`  vigil engine (in-process)      ${f2(engineMs)} ms`);
    console.log(`  vigil --headless (daemon)      ${f2(daemonMs)} ms`);
    console.log(`  top -b (procps, reference)     ${f2(topMs)} ms`);
    console.log(`  ratio engine/top               ${f2(engineMs / topMs)}   (target <= 1.0)`);
    console.log(`  ratio daemon/top               ${f2(daemonMs / topMs)}`);
    console.log(`  daemon CPU at 1 s interval     ${f2(daemonMs / 10)} %   (target <= 2 %)`);
    console.log(`  daemon CPU at 5 s interval     ${f2(daemonMs / 50)} %   (target <= 0.4 %)\n`);

    const mem = await daemonMemory();
    const bare = await bareNodeMemory();
    console.log('Headless daemon memory (steady state: every per-process series full, 1 s interval, 60 s):');
    console.log(
      `  vigil --headless               RSS ${f1(mem.mean.rssMB)} MB mean, ${f1(mem.max.rssMB)} MB max: private ${f1(mem.mean.anonMB)} MB + node binary and libraries ${f1(mem.mean.fileMB)} MB   (target < 80 MB)`,
    );
    console.log(
      `  bare node (the floor)          RSS ${f1(bare.rssMB)} MB: private ${f1(bare.anonMB)} MB + ${f1(bare.fileMB)} MB\n`,
    );

    // Start-up is compared at the same process count as the per-tick figures (ps aux reads them all).
    const version = medianWallMs(process.execPath, [BIN, '--version']);
    const nodeOnly = medianWallMs(process.execPath, ['-e', '0']);
    const ps = medianWallMs('ps', ['aux']);
    console.log('Start-up (median wall ms of 15 runs):');
    console.log(`  vigil --version                ${f1(version)} ms`);
    console.log(`  node -e 0 (the floor)          ${f1(nodeOnly)} ms`);
    console.log(`  ps aux (reference)             ${f1(ps)} ms`);
    console.log(`  ratio vigil/ps                 ${f2(version / ps)}   (target < 1.0)\n`);
  } finally {
    try {
      process.kill(-idle.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  for (const extra of ['store', 'recorder', 'tui', 'rules']) {
    const file = `${REPO}bench/${extra}.ts`;
    if (!existsSync(file)) continue;
    const mod = (await import(file)) as { bench?: () => Promise<void> };
    if (mod.bench) {
      console.log(`--- bench/${extra}.ts`);
      await mod.bench();
      console.log('');
    }
  }
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${(err as Error).message}`);
  process.exitCode = 1;
});
