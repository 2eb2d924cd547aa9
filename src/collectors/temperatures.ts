// Temperatures from hwmon (/sys/class/hwmon/hwmonN/{name,tempK_input,tempK_label}) and thermal
// zones (/sys/class/thermal/thermal_zoneN/{type,temp}), in millidegrees Celsius. The CPU
// temperature is the package sensor when there is one (coretemp "Package id N", k10temp
// Tdie/Tctl, ARM cpu_thermal, the x86_pkg_temp zone), else the hottest core, else ACPI's zone.
// GPU temperatures come with the GPUs (gpu-nvidia.ts, gpu-amd.ts).
import { readdirSync } from 'node:fs';
import { sanitize } from '../core/sanitize.ts';
import type { CollectContext, Collector, TemperaturesRaw } from '../core/types.ts';
import { ProcFileReader } from './procfs.ts';

export interface SensorReading {
  /** hwmon driver name (coretemp, k10temp, amdgpu, nvme…) or thermal zone type. */
  chip: string;
  /** tempK_label, or `tempK` without one; empty for thermal zones. */
  label: string;
  kind: 'hwmon' | 'thermal';
  celsius: number;
}

/** Millidegrees text → °C with one decimal; null for unreadable or absurd values (sensor errors). */
export function milliToCelsius(text: string | null): number | null {
  if (text === null) return null;
  const v = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(v)) return null;
  const c = Math.round(v / 100) / 10;
  return c > -60 && c < 200 ? c : null;
}

const CPU_CHIPS = /^(coretemp|k10temp|zenpower|cpu_thermal|cpu-thermal|soc_thermal)$/;

/** The CPU temperature among readings (see the header comment for the order), or null. Pure. */
export function cpuTemperature(readings: SensorReading[]): number | null {
  const max = (list: SensorReading[]) => (list.length ? Math.max(...list.map((r) => r.celsius)) : null);
  const hw = readings.filter((r) => r.kind === 'hwmon' && CPU_CHIPS.test(r.chip));
  return (
    max(hw.filter((r) => /^Package id \d+$/.test(r.label))) ??
    max(hw.filter((r) => r.label === 'Tdie')) ??
    max(hw.filter((r) => r.label === 'Tctl')) ??
    max(hw.filter((r) => /^Core \d+$/.test(r.label))) ??
    max(hw.filter((r) => r.chip !== 'coretemp' && r.chip !== 'k10temp')) ??
    max(
      readings.filter(
        (r) => r.kind === 'thermal' && /^(x86_pkg_temp|cpu[-_]thermal|soc[-_]thermal)/.test(r.chip),
      ),
    ) ??
    max(readings.filter((r) => r.kind === 'thermal' && r.chip === 'acpitz'))
  );
}

export function temperaturesFromReadings(readings: SensorReading[]): TemperaturesRaw {
  return {
    cpuC: cpuTemperature(readings),
    sensors: readings.map((r) => ({ label: r.label ? `${r.chip}/${r.label}` : r.chip, celsius: r.celsius })),
  };
}

interface SensorFile {
  chip: string;
  label: string;
  kind: 'hwmon' | 'thermal';
  path: string;
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Find the sensor files once (they do not move while the machine runs; rescanned now and then). */
export function discoverSensors(sysRoot: string, reader: ProcFileReader): SensorFile[] {
  const out: SensorFile[] = [];
  const hwmon = `${sysRoot}/class/hwmon`;
  for (const h of list(hwmon).filter((d) => /^hwmon\d+$/.test(d))) {
    const dir = `${hwmon}/${h}`;
    const chip = sanitize((reader.read(`${dir}/name`) ?? h).trim(), 64);
    const inputs = list(dir)
      .filter((f) => /^temp\d+_input$/.test(f))
      .sort((a, b) => Number(a.slice(4, -6)) - Number(b.slice(4, -6)));
    for (const f of inputs) {
      const base = f.slice(0, -'_input'.length);
      const label = sanitize((reader.read(`${dir}/${base}_label`) ?? base).trim(), 64);
      out.push({ chip, label, kind: 'hwmon', path: `${dir}/${f}` });
    }
  }
  const thermal = `${sysRoot}/class/thermal`;
  for (const z of list(thermal).filter((d) => /^thermal_zone\d+$/.test(d))) {
    const type = reader.read(`${thermal}/${z}/type`);
    out.push({
      chip: sanitize((type ?? z).trim(), 64),
      label: '',
      kind: 'thermal',
      path: `${thermal}/${z}/temp`,
    });
  }
  return out;
}

export interface TemperatureCollectorOptions {
  /** Rediscover sensors every N ticks (default 60). */
  rescanEveryTicks?: number;
  /** Log missing sensors at debug level (one-shot commands). */
  quietAbsence?: boolean;
}

export function temperatureCollector(opts: TemperatureCollectorOptions = {}): Collector<'temperatures'> {
  const reader = new ProcFileReader(4096);
  const rescan = Math.max(1, opts.rescanEveryTicks ?? 60);
  let files: SensorFile[] | null = null;
  return {
    name: 'temperatures',
    collect(ctx: CollectContext): TemperaturesRaw {
      if (!files || ctx.tick % rescan === 0) {
        files = discoverSensors(ctx.roots.sys, reader);
        if (files.length === 0) {
          ctx.log.once(
            'sensors-absent',
            opts.quietAbsence ? 'debug' : 'info',
            'no temperature sensors (hwmon, thermal zones)',
            {
              path: `${ctx.roots.sys}/class`,
            },
          );
        }
      }
      const readings: SensorReading[] = [];
      for (const f of files) {
        const c = milliToCelsius(reader.read(f.path));
        if (c !== null) readings.push({ chip: f.chip, label: f.label, kind: f.kind, celsius: c });
      }
      return temperaturesFromReadings(readings);
    },
  };
}
