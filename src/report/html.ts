// The HTML report: one self-contained file, inline CSS and SVG charts, no script and nothing
// fetched from the network (a Content-Security-Policy forbids both).
import type { Language } from '../config/types.ts';
import { formatBytes, formatDuration, formatPercent } from '../core/format.ts';
import { translator } from '../i18n/index.ts';
import { actionCells } from './actions.ts';
import type { ReportData, ReportOffender } from './data.ts';

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

const SEVERITY_COLOR: Record<string, string> = {
  critical: '#b00020',
  high: '#d84315',
  medium: '#b7860b',
  low: '#00838f',
};

/** An SVG line chart of one series (nulls break the line). */
export function svgChart(
  title: string,
  values: (number | null)[],
  opts: { max?: number; color: string; format: (v: number) => string },
): string {
  const w = 720;
  const h = 120;
  const pad = 4;
  const present = values.filter((v): v is number => v !== null);
  const hi = opts.max ?? Math.max(1, ...present) * 1.1;
  const step = values.length > 1 ? (w - 2 * pad) / (values.length - 1) : 0;
  const segments: string[][] = [[]];
  values.forEach((v, i) => {
    if (v === null) {
      if (segments[segments.length - 1]!.length) segments.push([]);
      return;
    }
    const x = pad + i * step;
    const y = h - pad - (Math.min(v, hi) / hi) * (h - 2 * pad);
    segments[segments.length - 1]!.push(`${x.toFixed(1)},${y.toFixed(1)}`);
  });
  const lines = segments
    .filter((s) => s.length)
    .map((s) =>
      s.length === 1
        ? `<circle cx="${s[0]!.split(',')[0]}" cy="${s[0]!.split(',')[1]}" r="2" fill="${opts.color}"/>`
        : `<polyline fill="none" stroke="${opts.color}" stroke-width="1.5" points="${s.join(' ')}"/>`,
    )
    .join('');
  const peak = present.length ? opts.format(Math.max(...present)) : '-';
  return `<figure><figcaption>${escapeHtml(title)} <small>(max ${escapeHtml(peak)})</small></figcaption>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${escapeHtml(title)}">
<rect x="0" y="0" width="${w}" height="${h}" fill="#fafafa" stroke="#ddd"/>
<line x1="${pad}" y1="${h / 2}" x2="${w - pad}" y2="${h / 2}" stroke="#eee"/>${lines}</svg></figure>`;
}

export function renderHtml(r: ReportData, lang: Language): string {
  const t = translator(lang);
  const e = escapeHtml;
  const section: string[] = [];
  if (!r.historyAvailable) {
    section.push(
      `<p>${e(r.problem ? t('report.unavailable', { reason: r.problem }) : t('report.noHistory', { dataDir: r.dataDir }))}</p>`,
    );
  } else {
    section.push(`<p>${e(t('report.samples', { count: r.samples, dataDir: r.dataDir }))}</p>`);
    section.push(`<h2>${e(t('report.alerts'))}</h2>`);
    if (!r.alerts.length) section.push(`<p>${e(t('report.noAlerts'))}</p>`);
    else {
      section.push(
        `<table><tr><th>${e(t('report.colFired'))}</th><th>${e(t('report.colSeverity'))}</th><th>${e(t('report.colRule'))}</th><th>${e(t('report.colMessage'))}</th><th>${e(t('report.colEnd'))}</th></tr>`,
      );
      for (const a of [...r.alerts].reverse()) {
        const fired = Date.parse(a.firedAt);
        const dur = a.resolvedAt ? formatDuration((Date.parse(a.resolvedAt) - fired) / 1000) : '';
        const end = !a.resolvedAt
          ? t('report.firing')
          : a.endReason === 'recorder_stopped'
            ? t('report.recorderStopped', { duration: dur })
            : t('report.resolvedAfter', { duration: dur });
        section.push(
          `<tr><td>${e(a.firedAt)}</td><td style="color:${SEVERITY_COLOR[a.severity] ?? '#000'}">${e(a.severity)}</td><td>${e(a.rule)}</td><td>${e(a.message)}${a.suggestedCommand ? `<br><code>$ ${e(a.suggestedCommand)}</code>` : ''}</td><td>${e(end)}</td></tr>`,
        );
      }
      section.push('</table>');
    }
    const table = (title: string, rows: ReportOffender[]) => {
      section.push(`<h2>${e(title)}</h2>`);
      if (!rows.length) {
        section.push(`<p>${e(t('report.noProcesses'))}</p>`);
        return;
      }
      section.push(
        `<table><tr><th>PID</th><th>${e(t('report.colUser'))}</th><th>${e(t('report.colPeakRss'))}</th><th>${e(t('report.colPeakCpu'))}</th><th>${e(t('report.colCommand'))}</th></tr>`,
      );
      for (const p of rows)
        section.push(
          `<tr><td>${p.pid}</td><td>${e(p.user)}</td><td>${e(formatBytes(p.peakRssBytes))}</td><td>${e(formatPercent(p.peakCpuPercent))}</td><td><code>${e(p.cmdline || `[${p.name}]`)}</code></td></tr>`,
        );
      section.push('</table>');
    };
    table(t('report.topRss'), r.topOffenders.byRss);
    table(t('report.topCpu'), r.topOffenders.byCpu);
    section.push(`<h2>${e(t('report.trends'))}</h2>`);
    const pctFmt = (v: number) => formatPercent(v);
    section.push(
      svgChart(t('report.cpu'), r.trends.cpuPercent, { max: 100, color: '#1565c0', format: pctFmt }),
    );
    section.push(
      svgChart(t('report.cpuPeak'), r.trends.cpuPercentMax, { max: 100, color: '#6a1b9a', format: pctFmt }),
    );
    section.push(
      svgChart(t('report.memory'), r.trends.memUsedPercent, { max: 100, color: '#2e7d32', format: pctFmt }),
    );
    section.push(
      svgChart(t('report.swap'), r.trends.swapUsedPercent, { max: 100, color: '#8d6e63', format: pctFmt }),
    );
    section.push(
      svgChart(t('report.load'), r.trends.load1, { color: '#ef6c00', format: (v) => v.toFixed(2) }),
    );
    section.push(`<h2>${e(t('report.actions'))}</h2>`);
    if (!r.actions.length) section.push(`<p>${e(t('report.noActions'))}</p>`);
    else {
      section.push('<table>');
      for (const a of r.actions) {
        const c = actionCells(a, t);
        const cells = [c.time, c.origin, c.type, c.target, c.signal, c.outcome, c.check, c.reason];
        section.push(`<tr>${cells.map((x) => `<td>${e(x)}</td>`).join('')}</tr>`);
      }
      section.push('</table>');
    }
    section.push(
      `<p>${e(t('report.ai', { calls: r.ai.calls, input: r.ai.inputTokens, output: r.ai.outputTokens, cost: r.ai.costUsd.toFixed(2) }))}</p>`,
    );
  }
  const title = t('report.title', { from: r.since, to: r.until });
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(title)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:60em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}
code{font-size:12px;word-break:break-all}figure{margin:.5em 0}figcaption{font-weight:600}
</style>
</head>
<body>
<h1>${e(title)}</h1>
${section.join('\n')}
<footer><small>Vigil ${e(r.version)} — ${e(r.generatedAt)}</small></footer>
</body>
</html>
`;
}
