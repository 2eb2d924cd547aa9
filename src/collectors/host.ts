// Static host facts (distribution, kernel, CPU model, virtualisation) from systeminformation.
// Read once per process, never on the per-tick path: systeminformation spawns helpers and takes
// ~100 ms here (docs/performance.md).
import { sanitize } from '../core/sanitize.ts';

export interface HostFacts {
  distro: string | null;
  release: string | null;
  kernel: string | null;
  arch: string | null;
  cpuModel: string | null;
  physicalCores: number | null;
  logicalCores: number | null;
  virtual: boolean | null;
  systemModel: string | null;
}

const clean = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() ? sanitize(v.trim(), 200) : null;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Host facts, or nulls where systeminformation cannot tell (never throws). */
export async function hostFacts(timeoutMs = 3000): Promise<HostFacts> {
  const empty: HostFacts = {
    distro: null,
    release: null,
    kernel: null,
    arch: null,
    cpuModel: null,
    physicalCores: null,
    logicalCores: null,
    virtual: null,
    systemModel: null,
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    const si = await import('systeminformation');
    const facts = Promise.all([si.osInfo(), si.cpu(), si.system()]).then(([os, cpu, sys]) => ({
      distro: clean(os.distro),
      release: clean(os.release),
      kernel: clean(os.kernel),
      arch: clean(os.arch),
      cpuModel: clean(`${cpu.manufacturer ?? ''} ${cpu.brand ?? ''}`),
      physicalCores: num(cpu.physicalCores),
      logicalCores: num(cpu.cores),
      virtual: typeof sys.virtual === 'boolean' ? sys.virtual : null,
      systemModel: clean(sys.model),
    }));
    const late = new Promise<HostFacts>((resolve) => {
      timer = setTimeout(() => resolve(empty), timeoutMs);
    });
    return await Promise.race([facts, late]);
  } catch {
    return empty;
  } finally {
    clearTimeout(timer);
  }
}
