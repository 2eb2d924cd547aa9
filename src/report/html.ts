// The HTML report: one self-contained file (inline CSS and SVG, no script, nothing fetched: a
// Content-Security-Policy forbids both) that reads at a glance: a header with the host and the
// window in local time, cards with the peaks and the alerts, charts with time axes, units and
// the incidents marked, then the alerts — each with the command that replays it and the
// processes recorded when it fired — the top offenders and the actions. Light and dark follow
// the reader's system (html-style.ts: the TUI's palette).
import type { Language } from '../config/types.ts';
import { formatBytes, formatDuration, formatPercent } from '../core/format.ts';
import { localDateTime, localZone } from '../core/local-time.ts';
import { translator } from '../i18n/index.ts';
import { actionCells } from './actions.ts';
import type { ReportAlert, ReportData, ReportOffender } from './data.ts';
import { type ChartMarker, escapeXml, svgTimeChart, type TimeChart } from './html-chart.ts';
import { REPORT_CSS } from './html-style.ts';
import type { FiringProcess } from './incidents.ts';

export const escapeHtml = escapeXml;
const e = escapeHtml;

type Tr = (key: string, params?: Record<string, string | number>) => string;

/** `2026-11-30 03:12` in the reader's report (the zone is said once, in the header). */
const local = (iso: string, seconds = false) => localDateTime(Date.parse(iso)).slice(0, seconds ? 19 : 16);

function card(label: string, value: string, sub = '', cls = ''): string {
  return `<div class="card${cls ? ` ${cls}` : ''}"><div class="label">${e(label)}</div><div class="value">${e(value)}</div>${sub ? `<div class="sub">${e(sub)}</div>` : ''}</div>`;
}

function summary(r: ReportData, t: Tr): string {
  const p = r.peaks;
  const firing = r.alerts.filter((a) => a.state === 'firing').length;
  const bySeverity = (['critical', 'high', 'medium', 'low'] as const)
    .map((s) => [s, r.alerts.filter((a) => a.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(' · ');
  return `<section class="cards">${[
    card(
      t('report.alerts'),
      String(r.alerts.length),
      bySeverity || t('report.noAlerts'),
      r.alerts.length ? 'alerting' : '',
    ),
    card(t('report.peakCpu'), formatPercent(p.cpuPercent), t('report.peakSub')),
    card(t('report.peakMemory'), formatPercent(p.memUsedPercent), t('report.peakSub')),
    card(t('report.peakSwap'), formatPercent(p.swapUsedPercent), t('report.peakSub')),
    card(t('report.peakLoad'), p.load1 === null ? '-' : p.load1.toFixed(2), t('report.peakSub')),
    card(t('report.peakDisk'), formatPercent(p.diskUsedPercent), t('report.peakDiskSub')),
    card(t('report.actions'), String(r.actions.length), firing ? t('report.stillFiring', { n: firing }) : ''),
  ].join('')}</section>`;
}

function charts(r: ReportData, t: Tr): string {
  const from = Date.parse(r.since);
  const to = Date.parse(r.until);
  const markers: ChartMarker[] = r.alerts.map((a) => ({
    time: Date.parse(a.firedAt),
    severity: a.severity,
    label: `${local(a.firedAt, true)} ${a.rule} (${a.severity}): ${a.message}`,
  }));
  const timeLabel = (ms: number, step: number) => {
    const d = localDateTime(ms);
    // Whole days show the date; a day's first tick too, so the reader knows which day it is.
    return step >= 86_400_000 || d.endsWith('00:00:00') ? d.slice(5, 10) : d.slice(11, 16);
  };
  const pct = (v: number) => `${Math.round(v)}%`;
  const base = { from, to, markers, timeLabel };
  const tr = r.trends;
  const list: TimeChart[] = [
    {
      ...base,
      title: t('report.chartCpu'),
      max: 100,
      format: pct,
      series: [
        { name: t('report.mean'), values: tr.cpuPercent, color: 'accent', area: true },
        { name: t('report.peak'), values: tr.cpuPercentMax, color: 'alt' },
      ],
    },
    {
      ...base,
      title: t('report.chartMemory'),
      max: 100,
      format: pct,
      series: [
        { name: t('report.ram'), values: tr.memUsedPercent, color: 'ok', area: true },
        { name: t('report.swapShort'), values: tr.swapUsedPercent, color: 'warn' },
      ],
    },
    {
      ...base,
      title: t('report.chartLoad'),
      format: (v) => (v >= 10 ? v.toFixed(0) : v.toFixed(1)),
      series: [{ name: t('report.load'), values: tr.load1, color: 'warn', area: true }],
    },
    {
      ...base,
      title: t('report.chartDisk'),
      max: 100,
      format: pct,
      series: [{ name: t('report.chartDisk'), values: tr.diskUsedPercent, color: 'bad', area: true }],
    },
  ];
  return `<section><h2>${e(t('report.trends'))}</h2><div class="charts">${list.map(svgTimeChart).join('\n')}</div>
<p class="note">${e(t('report.chartNote', { bucket: formatDuration(tr.bucketSecs) }))}</p></section>`;
}

function processTable(list: readonly FiringProcess[], t: Tr): string {
  const rows = list
    .map(
      (p) =>
        `<tr${p.subject ? ' class="subject"' : ''}><td class="num">${p.pid}</td><td>${e(p.user)}</td><td class="num">${e(formatPercent(p.cpuPercent))}</td><td class="num">${e(formatBytes(p.rssBytes))}</td><td><code>${e(p.cmdline || `[${p.name}]`)}</code></td></tr>`,
    )
    .join('');
  return `<table><tr><th>PID</th><th>${e(t('report.colUser'))}</th><th>CPU</th><th>RSS</th><th>${e(t('report.colCommand'))}</th></tr>${rows}</table>`;
}

function endOf(a: ReportAlert, t: Tr): string {
  if (!a.resolvedAt) return t('report.firing');
  const dur = formatDuration((Date.parse(a.resolvedAt) - Date.parse(a.firedAt)) / 1000);
  return a.endReason === 'recorder_stopped'
    ? t('report.recorderStopped', { duration: dur })
    : t('report.resolvedAfter', { duration: dur });
}

/** A suggested command as it can be pasted; a long one (a storm's pids) folded after its start. */
function suggested(command: string | null): string {
  if (!command) return '';
  if (command.length <= 160) return `<br><code>$ ${e(command)}</code>`;
  return `<details class="command"><summary><code>$ ${e(command.slice(0, 120))}…</code></summary><code>$ ${e(command)}</code></details>`;
}

function alertRow(a: ReportAlert, t: Tr, open: boolean): string {
  const processes = a.processes
    ? `<details${open ? ' open' : ''}><summary>${e(t('report.atFiring', { n: a.processes.length }))}</summary>${processTable(a.processes, t)}</details>`
    : `<div class="note">${e(t('report.notRecorded'))}</div>`;
  return `<tr><td class="time">${e(local(a.firedAt, true))}</td><td><span class="badge sev-${a.severity}">${e(a.severity)}</span></td><td><strong>${e(a.rule)}</strong><br>${e(a.message)}${suggested(a.suggestedCommand)}<div class="replay">${e(t('report.replayWith'))} <code>${e(a.replay)}</code></div>${processes}</td><td>${e(endOf(a, t))}</td></tr>`;
}

function alerts(r: ReportData, t: Tr): string {
  if (!r.alerts.length)
    return `<section><h2>${e(t('report.alerts'))}</h2><p>${e(t('report.noAlerts'))}</p></section>`;
  // In time order, as the terminal report; the newest shows its processes unfolded.
  const rows = [...r.alerts].reverse().map((a, i, all) => alertRow(a, t, i === all.length - 1));
  return `<section><h2>${e(t('report.alerts'))}</h2><table><tr><th>${e(t('report.colFired'))}</th><th>${e(t('report.colSeverity'))}</th><th>${e(t('report.colRule'))}</th><th>${e(t('report.colEnd'))}</th></tr>${rows.join('\n')}</table></section>`;
}

function offenders(title: string, rows: readonly ReportOffender[], t: Tr): string {
  if (!rows.length) return `<div><h3>${e(title)}</h3><p>${e(t('report.noProcesses'))}</p></div>`;
  const body = rows
    .map(
      (p) =>
        `<tr><td class="num">${p.pid}</td><td>${e(p.user)}</td><td class="num">${e(formatBytes(p.peakRssBytes))}</td><td class="num">${e(formatPercent(p.peakCpuPercent))}</td><td><code>${e(p.cmdline || `[${p.name}]`)}</code></td></tr>`,
    )
    .join('');
  return `<div><h3>${e(title)}</h3><table><tr><th>PID</th><th>${e(t('report.colUser'))}</th><th>${e(t('report.colPeakRss'))}</th><th>${e(t('report.colPeakCpu'))}</th><th>${e(t('report.colCommand'))}</th></tr>${body}</table></div>`;
}

/** The action ledger (src/report/actions.ts: who asked, the target, the outcome, the check). */
function actions(r: ReportData, t: Tr): string {
  const head = `<h2>${e(t('report.actions'))}</h2>`;
  if (!r.actions.length) return `<section>${head}<p>${e(t('report.noActions'))}</p></section>`;
  const rows = r.actions
    .map((a) => {
      const c = actionCells(a, t);
      const cells = [c.origin, c.type, c.target, c.signal, c.outcome, c.check, c.reason];
      return `<tr><td class="time">${e(local(c.time, true))}</td>${cells.map((x) => `<td>${e(x)}</td>`).join('')}</tr>`;
    })
    .join('');
  return `<section>${head}<table>${rows}</table></section>`;
}

export function renderHtml(r: ReportData, lang: Language): string {
  const t = translator(lang);
  const window = `${local(r.since)} → ${local(r.until)}`;
  const zone = t('report.localZone', { zone: r.timeZone || localZone(Date.parse(r.until)) });
  const body: string[] = [];
  if (!r.historyAvailable) {
    body.push(
      `<p>${e(r.problem ? t('report.unavailable', { reason: r.problem }) : t('report.noHistory', { dataDir: r.dataDir }))}</p>`,
    );
  } else {
    body.push(summary(r, t), charts(r, t), alerts(r, t));
    body.push(
      `<section><h2>${e(t('report.offenders'))}</h2><div class="two">${offenders(t('report.topRss'), r.topOffenders.byRss, t)}${offenders(t('report.topCpu'), r.topOffenders.byCpu, t)}</div></section>`,
    );
    body.push(actions(r, t));
    body.push(
      `<p class="note">${e(t('report.ai', { calls: r.ai.calls, input: r.ai.inputTokens, output: r.ai.outputTokens, cost: r.ai.costUsd.toFixed(2) }))}</p>`,
    );
  }
  const title = `${t('report.title', { from: local(r.since), to: local(r.until) })} — ${r.hostname}`;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header class="top"><span class="brand">VIGIL</span><h1>${e(r.hostname)}</h1><p class="window">${e(window)} <span class="zone">(${e(zone)})</span></p>
<p class="meta">${e(t('report.samples', { count: r.samples, dataDir: r.dataDir }))} · ${e(t('report.generated', { time: local(r.generatedAt, true) }))}</p></header>
${body.join('\n')}
<footer>Vigil ${e(r.version)}</footer>
</main>
</body>
</html>
`;
}
