// NVIDIA GPUs through nvidia-smi's CSV queries (a fixed argument list, a timeout, no shell).
// Fields the driver cannot report ("[N/A]" under MIG, "[Not Supported]" on consumer boards,
// "[Unknown Error]") become null. The name is queried last so a comma in it cannot shift fields.
import { sanitize } from '../core/sanitize.ts';
import type { GpuProcess, GpuRaw, Logger } from '../core/types.ts';
import { findOnPath, isExecutable } from './journal.ts';

export const GPU_QUERY = 'index,uuid,utilization.gpu,memory.used,memory.total,temperature.gpu,name';
export const APPS_QUERY = 'gpu_uuid,pid,used_memory,process_name';

export const GPU_ARGS = [`--query-gpu=${GPU_QUERY}`, '--format=csv,noheader,nounits'] as const;
export const APPS_ARGS = [`--query-compute-apps=${APPS_QUERY}`, '--format=csv,noheader,nounits'] as const;

const MIB = 1024 * 1024;

/** A CSV number, or null for the bracketed "[N/A]" / "[Not Supported]" / empty values. */
export function csvNumber(field: string | undefined): number | null {
  const v = (field ?? '').trim();
  if (v === '' || v.startsWith('[') || /^n\/?a$/i.test(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Split `a, b, c, rest…` into `count` fields, the last one keeping any further commas. */
function splitFields(line: string, count: number): string[] | null {
  const out: string[] = [];
  let rest = line;
  for (let i = 0; i < count - 1; i++) {
    const at = rest.indexOf(',');
    if (at < 0) return null;
    out.push(rest.slice(0, at).trim());
    rest = rest.slice(at + 1);
  }
  out.push(rest.trim());
  return out;
}

export interface NvidiaGpu extends GpuRaw {
  uuid: string;
}

/** Parse `--query-gpu=GPU_QUERY --format=csv,noheader,nounits`. */
export function parseNvidiaGpus(text: string): NvidiaGpu[] {
  const out: NvidiaGpu[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const f = splitFields(line, 7);
    if (!f) continue;
    const index = csvNumber(f[0]);
    if (index === null) continue;
    const used = csvNumber(f[3]);
    const total = csvNumber(f[4]);
    out.push({
      index,
      uuid: sanitize(f[1]!, 128),
      vendor: 'nvidia',
      name: sanitize(f[6]!, 128),
      utilizationPercent: csvNumber(f[2]),
      memoryUsedBytes: used === null ? null : used * MIB,
      memoryTotalBytes: total === null ? null : total * MIB,
      temperatureC: csvNumber(f[5]),
      processes: [],
    });
  }
  return out;
}

export interface NvidiaApp extends GpuProcess {
  gpuUuid: string;
}

/** Parse `--query-compute-apps=APPS_QUERY --format=csv,noheader,nounits`. */
export function parseNvidiaApps(text: string): NvidiaApp[] {
  const out: NvidiaApp[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || /^No running/i.test(line.trim())) continue;
    const f = splitFields(line, 4);
    if (!f) continue;
    const pid = csvNumber(f[1]);
    if (pid === null || !Number.isInteger(pid) || pid <= 0) continue;
    const mem = csvNumber(f[2]);
    out.push({
      gpuUuid: sanitize(f[0]!, 128),
      pid,
      memoryBytes: mem === null ? null : mem * MIB,
      name: sanitize(f[3]!, 256),
    });
  }
  return out;
}

/** GPUs with their processes attached (by GPU UUID; under MIG the UUID is the parent GPU's). */
export function mergeNvidia(gpus: NvidiaGpu[], apps: NvidiaApp[]): GpuRaw[] {
  return gpus.map(({ uuid, ...g }) => ({
    ...g,
    processes: apps
      .filter((a) => a.gpuUuid === uuid)
      .map((a) => ({ pid: a.pid, memoryBytes: a.memoryBytes, ...(a.name ? { name: a.name } : {}) })),
  }));
}

/** nvidia-smi from VIGIL_NVIDIA_SMI (tests, unusual installs) or PATH; null when absent. */
export function locateNvidiaSmi(env: NodeJS.ProcessEnv): string | null {
  if (env.VIGIL_NVIDIA_SMI) return isExecutable(env.VIGIL_NVIDIA_SMI) ? env.VIGIL_NVIDIA_SMI : null;
  return findOnPath('nvidia-smi', env);
}

export interface NvidiaQueryOptions {
  command: string;
  timeoutMs: number;
  log: Logger;
  /** Registers a way to kill the children in flight (for close()). */
  track?: (kill: (() => void) | null) => void;
}

/**
 * Run both queries. Failures are logged once and give []: a machine without a working NVIDIA
 * driver shows no NVIDIA GPU, never an error.
 */
export async function queryNvidia(opts: NvidiaQueryOptions): Promise<GpuRaw[]> {
  const { execa } = await import('execa');
  const run = (args: readonly string[]) =>
    execa(opts.command, [...args], {
      reject: false,
      stdin: 'ignore',
      timeout: opts.timeoutMs,
      forceKillAfterDelay: 500,
      env: { LC_ALL: 'C' },
    });
  const gpusRun = run(GPU_ARGS);
  const appsRun = run(APPS_ARGS);
  opts.track?.(() => {
    gpusRun.kill('SIGKILL');
    appsRun.kill('SIGKILL');
  });
  try {
    const [g, a] = await Promise.all([gpusRun, appsRun]);
    if (g.timedOut || a.timedOut) {
      opts.log.once('nvidia-smi-timeout', 'warn', 'nvidia-smi did not answer in time; GPU sampling goes on', {
        command: opts.command,
        timeoutMs: opts.timeoutMs,
      });
      return [];
    }
    if (g.failed) {
      opts.log.once('nvidia-smi-failed', 'warn', 'nvidia-smi failed; no NVIDIA GPU data', {
        command: opts.command,
        exitCode: g.exitCode ?? null,
        error: sanitize(String(g.stdout || g.stderr || g.shortMessage), 300),
      });
      return [];
    }
    const apps = a.failed ? [] : parseNvidiaApps(String(a.stdout));
    return mergeNvidia(parseNvidiaGpus(String(g.stdout)), apps);
  } finally {
    opts.track?.(null);
  }
}
