// AMD GPUs through the amdgpu driver's sysfs files: /sys/class/drm/cardN/device/
// {vendor, gpu_busy_percent, mem_info_vram_used, mem_info_vram_total, hwmon/hwmonM/temp1_input}.
// Cheap file reads, so no child process and no timeout needed.
import { readdirSync } from 'node:fs';
import { sanitize } from '../core/sanitize.ts';
import type { GpuRaw } from '../core/types.ts';
import { ProcFileReader } from './procfs.ts';

export const AMD_VENDOR = '0x1002';

export interface AmdCardFiles {
  vendor: string | null;
  device: string | null;
  productName: string | null;
  busyPercent: string | null;
  vramUsed: string | null;
  vramTotal: string | null;
  /** temp1_input (edge) of the card's hwmon, in millidegrees. */
  tempMilli: string | null;
}

function num(text: string | null): number | null {
  if (text === null) return null;
  const v = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(v) ? v : null;
}

/** One card's files → GpuRaw (null when it is not an AMD GPU). Pure. */
export function amdGpuFromFiles(index: number, f: AmdCardFiles): GpuRaw | null {
  if (f.vendor?.trim().toLowerCase() !== AMD_VENDOR) return null;
  const temp = num(f.tempMilli);
  const product = f.productName?.trim();
  return {
    index,
    vendor: 'amd',
    name: sanitize(product || `AMD GPU ${f.device?.trim() ?? ''}`.trim(), 128),
    utilizationPercent: num(f.busyPercent),
    memoryUsedBytes: num(f.vramUsed),
    memoryTotalBytes: num(f.vramTotal),
    temperatureC: temp === null ? null : Math.round(temp / 100) / 10,
    processes: [],
  };
}

/** AMD GPUs under `${sysRoot}/class/drm`, indexed from `firstIndex`. */
export function readAmdGpus(sysRoot: string, firstIndex = 0, reader = new ProcFileReader(4096)): GpuRaw[] {
  let cards: string[];
  try {
    cards = readdirSync(`${sysRoot}/class/drm`).filter((c) => /^card\d+$/.test(c));
  } catch {
    return [];
  }
  cards.sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
  const out: GpuRaw[] = [];
  for (const card of cards) {
    const dev = `${sysRoot}/class/drm/${card}/device`;
    const vendor = reader.read(`${dev}/vendor`);
    if (vendor?.trim().toLowerCase() !== AMD_VENDOR) continue;
    let tempMilli: string | null = null;
    try {
      const hw = readdirSync(`${dev}/hwmon`).filter((h) => /^hwmon\d+$/.test(h));
      for (const h of hw) {
        tempMilli = reader.read(`${dev}/hwmon/${h}/temp1_input`);
        if (tempMilli !== null) break;
      }
    } catch {
      // no hwmon for this card
    }
    const gpu = amdGpuFromFiles(firstIndex + out.length, {
      vendor,
      device: reader.read(`${dev}/device`),
      productName: reader.read(`${dev}/product_name`, 'utf8'),
      busyPercent: reader.read(`${dev}/gpu_busy_percent`),
      vramUsed: reader.read(`${dev}/mem_info_vram_used`),
      vramTotal: reader.read(`${dev}/mem_info_vram_total`),
      tempMilli,
    });
    if (gpu) out.push(gpu);
  }
  return out;
}
