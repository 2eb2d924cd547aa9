import type { CollectContext, Collector, MemoryRaw } from '../core/types.ts';
import { ProcFileReader } from './procfs.ts';

/** Parse /proc/meminfo into a map of field → bytes. */
export function parseMeminfo(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([\w()]+):\s+(\d+)(?:\s+kB)?/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]) * (line.endsWith('kB') ? 1024 : 1));
  }
  return out;
}

/** Parse /proc/pressure/memory (PSI): avg10 of `some` and `full`. */
export function parsePressure(text: string): { some10: number; full10: number } | null {
  const some = /^some avg10=([\d.]+)/m.exec(text);
  const full = /^full avg10=([\d.]+)/m.exec(text);
  if (!some) return null;
  return { some10: Number(some[1]), full10: full ? Number(full[1]) : 0 };
}

export function memoryFromMeminfo(m: Map<string, number>): Omit<MemoryRaw, 'pressure'> {
  const total = m.get('MemTotal') ?? 0;
  const free = m.get('MemFree') ?? 0;
  const buffers = m.get('Buffers') ?? 0;
  const cached = (m.get('Cached') ?? 0) + (m.get('SReclaimable') ?? 0);
  // MemAvailable exists since Linux 3.14; the fallback is the classic free+buffers+cache.
  const available = m.get('MemAvailable') ?? free + buffers + cached;
  return {
    totalBytes: total,
    freeBytes: free,
    availableBytes: available,
    buffersBytes: buffers,
    cachedBytes: cached,
    swapTotalBytes: m.get('SwapTotal') ?? 0,
    swapFreeBytes: m.get('SwapFree') ?? 0,
  };
}

export function memoryCollector(): Collector<'memory'> {
  const reader = new ProcFileReader(8 * 1024);
  let psiMissing = false;
  return {
    name: 'memory',
    collect(ctx: CollectContext): MemoryRaw {
      const text = reader.read(`${ctx.roots.proc}/meminfo`);
      if (text === null) throw new Error(`cannot read ${ctx.roots.proc}/meminfo`);
      let pressure: MemoryRaw['pressure'] = null;
      if (!psiMissing) {
        const psi = reader.read(`${ctx.roots.proc}/pressure/memory`);
        if (psi === null) {
          psiMissing = true;
          ctx.log.once('psi-missing', 'info', 'memory pressure (PSI) not available', {
            path: `${ctx.roots.proc}/pressure/memory`,
          });
        } else pressure = parsePressure(psi);
      }
      return { ...memoryFromMeminfo(parseMeminfo(text)), pressure };
    },
  };
}
