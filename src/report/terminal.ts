// The terminal report: alert timeline, top offenders, sparkline trends, actions, AI usage.
import type { Language } from '../config/types.ts';
import { fit, formatBytes, formatDuration, formatPercent } from '../core/format.ts';
import { sanitize } from '../core/sanitize.ts';
import { translator } from '../i18n/index.ts';
import { actionCells } from './actions.ts';
import type { ReportData, ReportOffender } from './data.ts';
import { sparkline } from './sparkline.ts';

const SEVERITY_COLOR: Record<string, string> = { critical: '31;1', high: '31', medium: '33', low: '36' };

export interface TerminalOptions {
  lang: Language;
  color: boolean;
  width?: number;
}

const short = (isoTime: string) => isoTime.replace('T', ' ').slice(0, 16);

export function renderTerminal(r: ReportData, o: TerminalOptions): string {
  const t = translator(o.lang);
  const paint = (code: string, text: string) => (o.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const head = (text: string) => paint('1', text);
  const width = Math.max(80, o.width ?? 100);
  const lines: string[] = [];
  lines.push(head(t('report.title', { from: short(r.since), to: short(r.until) })));
  if (!r.historyAvailable) {
    lines.push(
      r.problem
        ? t('report.unavailable', { reason: r.problem })
        : t('report.noHistory', { dataDir: r.dataDir }),
    );
    return lines.join('\n') + '\n';
  }
  lines.push(t('report.samples', { count: r.samples, dataDir: r.dataDir }));

  lines.push('', head(t('report.alerts')));
  if (!r.alerts.length) lines.push('  ' + t('report.noAlerts'));
  for (const a of [...r.alerts].reverse()) {
    const fired = Date.parse(a.firedAt);
    const ended = a.resolvedAt ? Date.parse(a.resolvedAt) : null;
    const dur = ended !== null ? formatDuration((ended - fired) / 1000) : '';
    const end =
      ended === null
        ? t('report.firing')
        : a.endReason === 'recorder_stopped'
          ? t('report.recorderStopped', { duration: dur })
          : t('report.resolvedAfter', { duration: dur });
    lines.push(
      `  ${short(a.firedAt)}  ${paint(SEVERITY_COLOR[a.severity] ?? '0', a.severity.toUpperCase().padEnd(8))} ${a.rule}: ${sanitize(a.message, width)} (${end})`,
    );
  }

  const table = (title: string, rows: ReportOffender[]) => {
    lines.push('', head(title));
    if (!rows.length) {
      lines.push('  ' + t('report.noProcesses'));
      return;
    }
    lines.push(
      paint(
        '7',
        `${'PID'.padStart(7)} ${'USER'.padEnd(9)} ${'RSS'.padStart(7)} ${'CPU%'.padStart(6)}  COMMAND`,
      ),
    );
    for (const p of rows) {
      const cmd = sanitize(p.cmdline || `[${p.name}]`, 4096);
      lines.push(
        `${String(p.pid).padStart(7)} ${fit(sanitize(p.user, 64), 9)} ${formatBytes(p.peakRssBytes).padStart(7)} ${formatPercent(p.peakCpuPercent).padStart(6)}  ${cmd.slice(0, width - 35)}`,
      );
    }
  };
  table(t('report.topRss'), r.topOffenders.byRss);
  table(t('report.topCpu'), r.topOffenders.byCpu);

  lines.push('', head(t('report.trends')));
  const tr = r.trends;
  const last = (xs: (number | null)[]) => [...xs].reverse().find((x) => x !== null) ?? null;
  const peak = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length ? Math.max(...v) : null;
  };
  const row = (
    label: string,
    xs: (number | null)[],
    range: { min?: number; max?: number },
    fmt: (v: number | null) => string,
  ) =>
    lines.push(
      `  ${label.padEnd(14)} ${paint('36', sparkline(xs, range))}  ${t('report.peakLast', { peak: fmt(peak(xs)), last: fmt(last(xs)) })}`,
    );
  row(t('report.cpu'), tr.cpuPercent, { min: 0, max: 100 }, (v) => formatPercent(v));
  row(t('report.cpuPeak'), tr.cpuPercentMax, { min: 0, max: 100 }, (v) => formatPercent(v));
  row(t('report.memory'), tr.memUsedPercent, { min: 0, max: 100 }, (v) => formatPercent(v));
  row(t('report.swap'), tr.swapUsedPercent, { min: 0, max: 100 }, (v) => formatPercent(v));
  row(t('report.load'), tr.load1, { min: 0 }, (v) => (v === null ? '-' : v.toFixed(2)));

  lines.push('', head(t('report.actions')));
  if (!r.actions.length) lines.push('  ' + t('report.noActions'));
  for (const a of r.actions) {
    const c = actionCells(a, t, width);
    lines.push(
      `  ${short(c.time)}  ${c.origin.padEnd(4)} ${c.type} ${c.target} ${c.signal} → ${c.outcome}${c.check ? ` (${c.check})` : ''}${c.reason ? `: ${c.reason}` : ''}`,
    );
  }
  lines.push(
    '',
    t('report.ai', {
      calls: r.ai.calls,
      input: r.ai.inputTokens,
      output: r.ai.outputTokens,
      cost: r.ai.costUsd.toFixed(2),
    }),
  );
  return lines.join('\n') + '\n';
}
