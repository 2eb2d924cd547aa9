import { type HostFacts, hostFacts } from '../../collectors/host.ts';
import { UsageError } from '../../core/errors.ts';
import { fit, formatBytes, formatDuration, formatPercent } from '../../core/format.ts';
import type { Alert, ProcessSnapshot, Snapshot } from '../../core/types.ts';
import { buildEngine } from '../../host/compose.ts';
import { t } from '../../i18n/index.ts';
import type { CliContext, Command } from '../types.ts';

/** How long `status` waits between its two samples (CPU% needs a window). */
const WINDOW_MS = 1000;

export const command: Command = {
  name: 'status',
  summary: 'instant snapshot: CPU, memory, disks, network, top processes, active alerts',
  usage: 'vigil status [--json] [--top N] [--check] [--at TIME]',
  flags: {
    json: { type: 'boolean', description: 'print the §5 JSON object' },
    top: { type: 'number', description: 'only the N busiest processes (by CPU, then RSS)' },
    check: { type: 'boolean', description: 'exit 0 OK, 1 warning, 2 critical (monitoring-plugin style)' },
    at: {
      type: 'string',
      description: 'the machine as recorded then: ISO time (local), -10m, 03:12, or an alert id',
    },
  },
  async run(ctx) {
    const top = ctx.flags.top as number | undefined;
    if (top !== undefined && !(Number.isInteger(top) && top >= 0)) {
      throw new UsageError(
        t(ctx.config.general.language, 'cli.expectsWholeAtLeast0', { flag: '--top', value: String(top) }),
      );
    }
    if (ctx.flags.at !== undefined) return statusAt(ctx, top);
    const snapshot = await takeSnapshot(ctx);
    snapshot.alerts = (await import('../../store/merge.ts')).withDaemonAlerts(
      snapshot.alerts,
      ctx.dataDir,
      ctx.log,
    );
    const shown = top === undefined ? snapshot : { ...snapshot, processes: busiest(snapshot.processes, top) };
    if (ctx.flags.json) {
      const { kernelEvents: _k, ...rest } = shown;
      ctx.stdout.write(JSON.stringify(rest, null, 2) + '\n');
    } else {
      ctx.stdout.write(renderStatus(shown, snapshot.processes.length, top ?? 15, ctx));
    }
    return ctx.flags.check ? checkCode(snapshot.alerts) : 0;
  },
};

/** `--at TIME`: the recorded snapshot, same shape, with a `replay` object (src/cli/status-at.ts). */
async function statusAt(ctx: CliContext, top: number | undefined): Promise<number> {
  const { recordedMoment, replayHeading, replayInfo } = await import('../status-at.ts');
  const m = await recordedMoment(ctx);
  const s = m.snapshot;
  const shown = top === undefined ? s : { ...s, processes: busiest(s.processes, top) };
  if (ctx.flags.json) {
    const { kernelEvents: _k, ...rest } = shown;
    ctx.stdout.write(JSON.stringify({ ...rest, replay: replayInfo(m) }, null, 2) + '\n');
  } else {
    ctx.stdout.write(`${replayHeading(ctx, m)}\n${renderStatus(shown, s.processes.length, top ?? 15, ctx)}`);
  }
  return 0;
}

export async function takeSnapshot(ctx: CliContext): Promise<Snapshot & { host: HostFacts }> {
  const engine = buildEngine({ config: ctx.config, role: 'status', log: ctx.log });
  // Static host facts come from systeminformation, read during the CPU window (no added wait).
  const host = hostFacts(WINDOW_MS + 500);
  await engine.tick();
  await new Promise((r) => setTimeout(r, WINDOW_MS));
  const { snapshot } = await engine.tick();
  await engine.stop();
  return { ...snapshot, host: await host };
}

export function busiest(list: ProcessSnapshot[], n: number): ProcessSnapshot[] {
  return [...list]
    .sort((a, b) => (b.cpuPercent ?? 0) - (a.cpuPercent ?? 0) || b.rssBytes - a.rssBytes || a.pid - b.pid)
    .slice(0, n);
}

/** Monitoring-plugin exit code: 2 for high/critical, 1 for medium/low, 0 when quiet. */
export function checkCode(alerts: Alert[]): number {
  const firing = alerts.filter((a) => a.state === 'firing');
  if (firing.some((a) => a.severity === 'critical' || a.severity === 'high')) return 2;
  return firing.length ? 1 : 0;
}

const SEVERITY_COLOR: Record<string, string> = { critical: '31;1', high: '31', medium: '33', low: '36' };

export function renderStatus(
  s: Snapshot & { host?: HostFacts },
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
  for (const d of s.disks) {
    lines.push(
      `DISK ${fit(d.mount, 20)} ${formatPercent(d.freePercent).padStart(6)} free  ${formatBytes(d.freeBytes)}/${formatBytes(d.totalBytes)}`,
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
