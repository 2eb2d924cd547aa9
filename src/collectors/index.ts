// The collector set every engine runs, with the cadences its role asks for. The composition root
// (src/host/compose.ts) builds engines with it; `vigil health` runs each once.
import type { VigilConfig } from '../config/types.ts';
import type { Collector, EngineRole } from '../core/types.ts';
import { cpuCollector } from './cpu.ts';
import { diskCollector } from './disks.ts';
import { gpuCollector, gpuEveryTicks } from './gpu.ts';
import { kernelLogCollector } from './kernel-log.ts';
import { memoryCollector } from './memory.ts';
import { networkCollector } from './network.ts';
import { processCollector } from './processes.ts';
import { temperatureCollector } from './temperatures.ts';

/** How far back a one-shot `vigil status` reads the kernel log for OOM kills. */
export const STATUS_KERNEL_LOOKBACK_SECS = 24 * 3600;

/** The collectors every role runs. */
export function defaultCollectors(config: VigilConfig, role: EngineRole): Collector[] {
  return [
    cpuCollector(),
    memoryCollector(),
    processCollector({ fdEveryTicks: role === 'status' ? 1 : 12 }),
    // GPU: ~every 5 s, and a tick waits at most timeoutMs for nvidia-smi (a one-shot status waits longer).
    gpuCollector(
      role === 'status'
        ? { everyTicks: 1, timeoutMs: 2000, commandTimeoutMs: 3000, quietAbsence: true }
        : { everyTicks: gpuEveryTicks(config.general.interval_secs), timeoutMs: 400 },
    ),
    diskCollector(),
    networkCollector(),
    temperatureCollector({ quietAbsence: role === 'status' }),
    // A one-shot status reports the OOM kills still in the kernel log (SPEC §3).
    kernelLogCollector(
      role === 'status' ? { quietAbsence: true, lookbackSecs: STATUS_KERNEL_LOOKBACK_SECS } : {},
    ),
  ];
}
