// The `gpus` part: NVIDIA (nvidia-smi) and AMD (sysfs). Async, at a slower cadence than the tick
// (`everyTicks`), with a deadline (`timeoutMs`) so the engine never waits on a hung nvidia-smi:
// a late call keeps running in the background and the tick reuses the last value.
import type { CollectContext, Collector, GpuRaw } from '../core/types.ts';
import { readAmdGpus } from './gpu-amd.ts';
import { locateNvidiaSmi, queryNvidia } from './gpu-nvidia.ts';
import { ProcFileReader } from './procfs.ts';

export interface GpuCollectorOptions {
  env?: NodeJS.ProcessEnv;
  /** Sample every N ticks (default 1). */
  everyTicks?: number;
  /** How long a tick waits for this collector (default 400 ms). */
  timeoutMs?: number;
  /** How long nvidia-smi may run before it is killed (default 5 s). */
  commandTimeoutMs?: number;
  /** Log an absent nvidia-smi at debug level (one-shot commands: absence is normal, not news). */
  quietAbsence?: boolean;
}

/** Ticks between GPU samples: about every 5 s, never less often than the tick itself. */
export function gpuEveryTicks(intervalSecs: number): number {
  return Math.max(1, Math.round(5 / Math.max(0.001, intervalSecs)));
}

export function gpuCollector(opts: GpuCollectorOptions = {}): Collector<'gpus'> {
  const env = opts.env ?? process.env;
  const reader = new ProcFileReader(4096);
  let nvidia: string | null | undefined;
  let kill: (() => void) | null = null;
  return {
    name: 'gpus',
    everyTicks: Math.max(1, opts.everyTicks ?? 1),
    timeoutMs: opts.timeoutMs ?? 400,
    async collect(ctx: CollectContext): Promise<GpuRaw[]> {
      if (nvidia === undefined) {
        nvidia = locateNvidiaSmi(env);
        if (nvidia === null) {
          ctx.log.once(
            'nvidia-smi-absent',
            opts.quietAbsence ? 'debug' : 'info',
            'nvidia-smi not found; no NVIDIA GPU data',
            {
              ...(env.VIGIL_NVIDIA_SMI ? { path: env.VIGIL_NVIDIA_SMI } : {}),
            },
          );
        }
      }
      const nv = nvidia
        ? await queryNvidia({
            command: nvidia,
            timeoutMs: opts.commandTimeoutMs ?? 5000,
            log: ctx.log,
            track: (k) => {
              kill = k;
            },
          })
        : [];
      const firstAmd = nv.reduce((m, g) => Math.max(m, g.index + 1), 0);
      return [...nv, ...readAmdGpus(ctx.roots.sys, firstAmd, reader)];
    },
    close() {
      kill?.();
      kill = null;
    },
  };
}
