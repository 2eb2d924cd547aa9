import { type HostFacts, hostFacts } from '../../collectors/host.ts';
import { UsageError } from '../../core/errors.ts';
import { fit, formatBytes, formatDuration, formatPercent } from '../../core/format.ts';
import type { ProcessSnapshot, Snapshot } from '../../core/types.ts';
import { lookOnce, type OneShotReport, STATUS_WINDOW_MS } from '../../host/status-look.ts';
import { t } from '../../i18n/index.ts';
import { checkUnknown, renderCheck } from '../check.ts';
import { renderOneShot } from '../status-notes.ts';
import type { CliContext, Command } from '../types.ts';

export const command: Command = {
  name: 'status',
  summary: 'instant snapshot: CPU, memory, disks, network, top processes, active alerts',
  usage: 'vigil status [--json] [--top N] [--check]',
  flags: {
    json: { type: 'boolean', description: 'print the snapshot as one JSON object (the documented shape)' },
    top: { type: 'number', description: 'only the N busiest processes (by CPU, then RSS)' },
    check: {
      type: 'boolean',
      description: 'one monitoring-plugin line with perfdata; exit 0 OK, 1 warning, 2 critical, 3 unknown',
    },
  },
  // With --check every failure is the plugin's UNKNOWN (exit 3), on stdout where monitors read.
  failed: (err, argv, stdout) => (argv.includes('--check') ? checkUnknown(err, stdout) : undefined),
  async run(ctx) {
    const top = ctx.flags.top as number | undefined;
    if (top !== undefined && !(Number.isInteger(top) && top >= 0)) {
      throw new UsageError(
        t(ctx.config.general.language, 'cli.expectsWholeAtLeast0', { flag: '--top', value: String(top) }),
      );
    }
    if (ctx.flags.check && ctx.flags.json) {
      throw new UsageError(t(ctx.config.general.language, 'cli.together', { a: '--check', b: '--json' }));
    }
    const snapshot = await takeSnapshot(ctx);
    if (ctx.flags.check) {
      const { line, code } = renderCheck(snapshot, ctx.config);
      ctx.stdout.write(line + '\n');
      return code;
    }
    const shown = top === undefined ? snapshot : { ...snapshot, processes: busiest(snapshot.processes, top) };
    if (ctx.flags.json) {
      const { kernelEvents: _k, ...rest } = shown;
      ctx.stdout.write(JSON.stringify(rest, null, 2) + '\n');
    } else {
      ctx.stdout.write(renderStatus(shown, snapshot.processes.length, top ?? 15, ctx));
    }
    return 0;
  },
};

/**
 * The one look (src/host/status-look.ts): this look's verdicts and a running daemon's alerts in
 * `alerts` (what `--check` renders too), what one look cannot judge in `oneShot`.
 */
export async function takeSnapshot(
  ctx: CliContext,
): Promise<Snapshot & { host: HostFacts; oneShot: OneShotReport }> {
  // Static host facts come from systeminformation, read during the CPU window (no added wait).
  const host = hostFacts(STATUS_WINDOW_MS + 500);
  const look = await lookOnce({ config: ctx.config, log: ctx.log, dataDir: ctx.dataDir });
  return { ...look.snapshot, oneShot: look.oneShot, host: await host };
}

export function busiest(list: ProcessSnapshot[], n: number): ProcessSnapshot[] {
  return [...list]
    .sort((a, b) => (b.cpuPercent ?? 0) - (a.cpuPercent ?? 0) || b.rssBytes - a.rssBytes || a.pid - b.pid)
    .slice(0, n);
}

const SEVERITY_COLOR: Record<string, string> = { critical: '31;1', high: '31', medium: '33', low: '36' };

export function renderStatus(
  s: Snapshot & { host?: HostFacts; oneShot?: OneShotReport },
  total: number,
  topN: number,
  opts: { color: boolean; config: { general: { language: 'en' | 'fr' } } },
): string {
  const lang = opts.config.general.language;
  const paint = (code: string, text: string) => (opts.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const m = s.memory;
  const memPct = m.totalBytes ? (m.usedBytes / m.totalBytes) * 100 : null;
  const swapPct = m.swapTotalBytes ? (m.swapUsedBytes / m.swapTotalBytes) * 100 : null;
  const lines: string[] = [];
  lines.push(
    `${paint('1', 'Vigil')} ${s.version} — ${s.hostname}, up ${formatDuration(s.uptimeSeconds)}, ${s.time}`,
  );
  lines.push(
    `CPU  ${formatPercent(s.cpu.usagePercent).padStart(6)} of ${s.cpu.cores} cores  load ${s.cpu.load1.toFixed(2)} ${s.cpu.load5.toFixed(2)} ${s.cpu.load15.toFixed(2)}` +
      (s.cpu.temperatureC !== null ? `  ${s.cpu.temperatureC}°C` : ''),
  );
  lines.push(
    `MEM  ${formatPercent(memPct).padStart(6)}  ${formatBytes(m.usedBytes)}/${formatBytes(m.totalBytes)}  swap ${formatBytes(m.swapUsedBytes)}/${formatBytes(m.swapTotalBytes)}` +
      (swapPct !== null ? ` (${formatPercent(swapPct)})` : '') +
      (m.pressure ? `  psi some ${m.pressure.some10.toFixed(1)}` : ''),
  );
  // Used and fullest first, as the MEM line and the TUI's disk pane show them.
  for (const d of [...s.disks].sort((a, b) => a.freePercent - b.freePercent)) {
    lines.push(
      `DISK ${formatPercent(100 - d.freePercent).padStart(6)}  ${formatBytes(d.totalBytes - d.freeBytes)}/${formatBytes(d.totalBytes)}  ${d.mount}`,
    );
  }
  for (const g of s.gpus) {
    lines.push(
      `GPU${g.index} ${fit(g.name, 24)} ${formatPercent(g.utilizationPercent)}  ${formatBytes(g.memoryUsedBytes)}/${formatBytes(g.memoryTotalBytes)}`,
    );
  }
  lines.push('');
  const firing = s.alerts.filter((a) => a.state === 'firing');
  if (firing.length === 0) lines.push(paint('32', t(lang, 'status.noAlerts')));
  for (const a of firing) {
    lines.push(
      `${paint(SEVERITY_COLOR[a.severity] ?? '0', a.severity.toUpperCase().padEnd(8))} ${a.rule}: ${a.message}`,
    );
    if (a.suggestedCommand) lines.push(`         $ ${a.suggestedCommand}`);
  }
  if (s.oneShot) lines.push(...renderOneShot(s.oneShot, lang, paint));
  lines.push('');
  lines.push(
    paint(
      '7',
      `${'PID'.padStart(7)} ${'USER'.padEnd(9)} S ${'CPU%'.padStart(6)} ${'RSS'.padStart(7)} ${'AGE'.padStart(6)}  COMMAND`,
    ),
  );
  const width = Math.max(80, process.stdout.columns ?? 100);
  const rows = busiest(s.processes, topN);
  for (const p of rows) {
    const cmd = p.cmdline || `[${p.name}]`;
    lines.push(
      `${String(p.pid).padStart(7)} ${fit(p.user, 9)} ${p.state} ${formatPercent(p.cpuPercent).padStart(6)} ${formatBytes(p.rssBytes).padStart(7)} ${formatDuration(p.ageSeconds).padStart(6)}  ${cmd.slice(0, width - 48)}`,
    );
  }
  lines.push(t(lang, 'status.processesShown', { shown: rows.length, total }));
  return lines.join('\n') + '\n';
}
