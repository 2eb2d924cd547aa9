// `vigil status --check`: the monitoring-plugin protocol (Nagios, Icinga, Naemon, Sensu, Zabbix's
// plugin runner…). One line on stdout, `VIGIL <STATE> - <summary> | <perfdata>`, and the exit
// code is the state: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. Rendering is pure; the command
// takes the snapshot and prints.
import type { VigilConfig } from '../config/types.ts';
import { formatBytes } from '../core/format.ts';
import { sanitize } from '../core/sanitize.ts';
import type { Alert, Severity, Snapshot } from '../core/types.ts';
import { t } from '../i18n/index.ts';

export const CHECK_STATES = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;

/** The plugin's exit code for these alerts: 2 for high/critical, 1 for medium/low, 0 when quiet. */
export function checkCode(alerts: Alert[]): 0 | 1 | 2 {
  const firing = alerts.filter((a) => a.state === 'firing');
  if (firing.some((a) => a.severity === 'critical' || a.severity === 'high')) return 2;
  return firing.length ? 1 : 0;
}

const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low'];
/** How many alerts the summary names before "+N more" (plugin output is read on one line). */
const NAMED = 5;

/** Text for the summary: no `|` (it starts the perfdata), no controls, bounded. */
function plain(text: string, max = 80): string {
  return sanitize(text, max).replace(/\|/g, '/');
}

/** One alert in the summary: `ghost_process_storm (12 pids, 1.6G)`, `disk_low /`. */
function alertText(a: Alert, s: Snapshot): string {
  if (a.subject.mount) return `${a.rule} ${plain(a.subject.mount, 60)}`;
  const pids = a.subject.pids;
  if (pids.length === 0) return a.rule;
  const wanted = new Set(pids);
  const rss = s.processes.filter((p) => wanted.has(p.pid)).reduce((sum, p) => sum + p.rssBytes, 0);
  const n = pids.length === 1 ? `pid ${pids[0]}` : `${pids.length} pids`;
  return `${a.rule} (${rss > 0 ? `${n}, ${formatBytes(rss)}` : n})`;
}

/** A perfdata value: at most two decimals, no exponent. */
function num(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** `disk_<mount>_free`: the mount as a bare label (`/` → root, `/var/lib` → var_lib). */
export function diskLabel(mount: string): string {
  const name = mount === '/' ? 'root' : mount.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return `disk_${name || 'root'}_free`;
}

/**
 * Perfdata, `label=value[unit];warn;crit` with thresholds from the config, in the plugin range
 * syntax: `80` alerts above 80, `10:` alerts below 10 (free space).
 */
export function perfdata(s: Snapshot, config: VigilConfig): string[] {
  const th = config.thresholds;
  const firing = s.alerts.filter((a) => a.state === 'firing');
  const out = [`alerts=${firing.length}`];
  for (const sev of SEVERITIES) out.push(`${sev}=${firing.filter((a) => a.severity === sev).length}`);
  const m = s.memory;
  if (m.totalBytes > 0) {
    out.push(
      `ram_used=${num((m.usedBytes / m.totalBytes) * 100)}%;${th.ram_warn_percent};${th.ram_critical_percent}`,
    );
  }
  const swap = m.swapTotalBytes > 0 ? (m.swapUsedBytes / m.swapTotalBytes) * 100 : 0;
  out.push(`swap_used=${num(swap)}%;${th.swap_warn_percent}`);
  out.push(`load1=${num(s.cpu.load1)};${num(th.cpu_load_factor * s.cpu.cores)}`);
  const seen = new Set<string>();
  for (const d of s.disks) {
    let label = diskLabel(d.mount);
    for (let i = 2; seen.has(label); i++) label = `${diskLabel(d.mount)}_${i}`;
    seen.add(label);
    out.push(
      `${label}=${num(d.freePercent)}%;${th.disk_min_free_percent}:;${th.disk_critical_free_percent}:`,
    );
  }
  return out;
}

/** The plugin line and exit code for a snapshot (its alerts: the live ones and the daemon's). */
export function renderCheck(s: Snapshot, config: VigilConfig): { line: string; code: 0 | 1 | 2 | 3 } {
  const lang = config.general.language;
  // A machine always has CPUs, memory and at least this process: without them nothing was read.
  const unread = [
    s.cpu.cores > 0 ? '' : 'cpu',
    s.memory.totalBytes > 0 ? '' : 'memory',
    s.processes.length > 0 ? '' : 'processes',
  ].filter(Boolean);
  if (unread.length) {
    return {
      line: `VIGIL UNKNOWN - ${t(lang, 'status.check.unreadable', { parts: unread.join(', ') })}`,
      code: 3,
    };
  }
  const code = checkCode(s.alerts);
  const rank = (a: Alert) => SEVERITIES.indexOf(a.severity);
  const firing = s.alerts.filter((a) => a.state === 'firing').sort((a, b) => rank(a) - rank(b));
  let summary = t(lang, 'status.check.noAlerts');
  if (firing.length) {
    const named = firing.slice(0, NAMED).map((a) => alertText(a, s));
    if (firing.length > NAMED) named.push(t(lang, 'status.check.more', { count: firing.length - NAMED }));
    const count =
      firing.length === 1
        ? t(lang, 'status.check.alertOne')
        : t(lang, 'status.check.alerts', { count: firing.length });
    summary = `${count}: ${named.join(', ')}`;
  }
  return { line: `VIGIL ${CHECK_STATES[code]} - ${summary} | ${perfdata(s, config).join(' ')}`, code };
}

/** UNKNOWN: the check could not judge (bad usage, unreadable state, internal error). Exit 3. */
export function checkUnknown(err: unknown, stdout: NodeJS.WritableStream): 3 {
  const message = err instanceof Error ? err.message : String(err);
  stdout.write(`VIGIL UNKNOWN - ${plain(message.split('\n').join(' '), 300)}\n`);
  return 3;
}
