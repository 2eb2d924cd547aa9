// The HTML report's charts: inline SVG line charts over time, with a time axis in local time,
// a value axis with its unit and gridlines, gaps where nothing was recorded, and the incidents
// (alert firings) marked by a vertical line in their severity's colour, each with a tooltip
// (`<title>`, no script). Colours are CSS classes of the page (html-style.ts), so the charts
// follow its light and dark palettes.
import type { Severity } from '../core/types.ts';

export interface ChartSeries {
  name: string;
  values: readonly (number | null)[];
  /** The palette colour: the TUI's styles. */
  color: 'accent' | 'ok' | 'warn' | 'bad' | 'dim' | 'alt';
  /** Shade the area under the line (the chart's main series). */
  area?: boolean;
}

export interface ChartMarker {
  time: number;
  severity: Severity;
  /** Tooltip text. */
  label: string;
}

export interface TimeChart {
  title: string;
  series: readonly ChartSeries[];
  /** The window, and the width of one point (epoch ms). */
  from: number;
  to: number;
  /** Fixed top of the value axis (100 for percentages); else a round value above the data. */
  max?: number;
  /** A value axis label, with its unit (`50%`, `2.0`). */
  format: (v: number) => string;
  /** A time axis label in local time. */
  timeLabel: (t: number, stepMs: number) => string;
  markers: readonly ChartMarker[];
}

// Drawn about as wide as shown (two charts side by side on a laptop), so labels keep their size.
const W = 620;
const H = 240;
const PAD = { left: 48, right: 12, top: 14, bottom: 28 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;

/** Steps of the time axis, smallest first: the first giving at most 7 ticks is used. */
const STEPS_MS = [5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440, 2880].map((m) => m * 60_000);

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** A round number at or above `v` (1, 2, 2.5, 5 × 10ⁿ). */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** Tick times on local boundaries of the step (local midnight for days, the hour for hours). */
export function timeTicks(from: number, to: number): { step: number; ticks: number[] } {
  const step = STEPS_MS.find((s) => (to - from) / s <= 7) ?? STEPS_MS[STEPS_MS.length - 1]!;
  const midnight = new Date(from);
  midnight.setHours(0, 0, 0, 0);
  const ticks: number[] = [];
  // Walk from local midnight in steps; day steps re-anchor on each local midnight (DST days).
  for (let t = midnight.getTime(); t <= to; ) {
    if (t >= from) ticks.push(t);
    if (step >= 86_400_000) {
      const d = new Date(t);
      d.setDate(d.getDate() + step / 86_400_000);
      t = d.getTime();
    } else t += step;
  }
  return { step, ticks };
}

const xOf = (c: TimeChart, t: number) => PAD.left + ((t - c.from) / Math.max(1, c.to - c.from)) * PLOT_W;

function lines(c: TimeChart, top: number): string {
  const n = Math.max(1, c.series[0]?.values.length ?? 1);
  const width = (c.to - c.from) / n;
  const yOf = (v: number) => PAD.top + PLOT_H - (Math.min(v, top) / top) * PLOT_H;
  const out: string[] = [];
  for (const s of c.series) {
    const runs: string[][] = [[]];
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) {
        if (runs[runs.length - 1]!.length) runs.push([]);
        return;
      }
      runs[runs.length - 1]!.push(
        `${xOf(c, c.from + (i + 0.5) * width).toFixed(1)},${yOf(Math.max(0, v)).toFixed(1)}`,
      );
    });
    for (const run of runs.filter((r) => r.length)) {
      if (s.area && run.length > 1) {
        const base = (PAD.top + PLOT_H).toFixed(1);
        const first = run[0]!.split(',')[0];
        const last = run[run.length - 1]!.split(',')[0];
        out.push(
          `<polygon class="area c-${s.color}" points="${first},${base} ${run.join(' ')} ${last},${base}"/>`,
        );
      }
      out.push(
        run.length === 1
          ? `<circle class="dot c-${s.color}" cx="${run[0]!.split(',')[0]}" cy="${run[0]!.split(',')[1]}" r="2.5"/>`
          : `<polyline class="line c-${s.color}" points="${run.join(' ')}"/>`,
      );
    }
  }
  return out.join('');
}

function axes(c: TimeChart, top: number): string {
  const out: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const v = (top * k) / 4;
    const y = (PAD.top + PLOT_H - (k / 4) * PLOT_H).toFixed(1);
    out.push(`<line class="grid" x1="${PAD.left}" y1="${y}" x2="${W - PAD.right}" y2="${y}"/>`);
    out.push(
      `<text class="ylab" x="${PAD.left - 8}" y="${y}" dy="0.32em" text-anchor="end">${escapeXml(c.format(v))}</text>`,
    );
  }
  const { step, ticks } = timeTicks(c.from, c.to);
  for (const t of ticks) {
    const x = xOf(c, t).toFixed(1);
    out.push(
      `<line class="tick" x1="${x}" y1="${PAD.top + PLOT_H}" x2="${x}" y2="${PAD.top + PLOT_H + 5}"/>`,
    );
    out.push(
      `<text class="xlab" x="${x}" y="${H - 8}" text-anchor="middle">${escapeXml(c.timeLabel(t, step))}</text>`,
    );
  }
  out.push(
    `<line class="axis" x1="${PAD.left}" y1="${PAD.top + PLOT_H}" x2="${W - PAD.right}" y2="${PAD.top + PLOT_H}"/>`,
  );
  return out.join('');
}

function markers(c: TimeChart): string {
  return c.markers
    .filter((m) => m.time >= c.from && m.time <= c.to)
    .map((m) => {
      const x = xOf(c, m.time).toFixed(1);
      const top = PAD.top;
      return `<g class="marker sev-${m.severity}"><title>${escapeXml(m.label)}</title><line x1="${x}" y1="${top}" x2="${x}" y2="${PAD.top + PLOT_H}"/><path d="M${x} ${top + 7} l-5 -8 h10 z"/></g>`;
    })
    .join('');
}

/** One chart as a `<figure>`: its title, legend, and the SVG. */
export function svgTimeChart(c: TimeChart): string {
  const present = c.series.flatMap((s) =>
    s.values.filter((v): v is number => v !== null && Number.isFinite(v)),
  );
  const top = c.max ?? niceCeil(Math.max(0, ...present) * 1.1);
  const legend = c.series
    .map((s) => `<span class="key"><i class="sw c-${s.color}"></i>${escapeXml(s.name)}</span>`)
    .join('');
  return `<figure class="chart"><figcaption><span class="title">${escapeXml(c.title)}</span>${c.series.length > 1 ? `<span class="legend">${legend}</span>` : ''}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(c.title)}">${axes(c, top)}${lines(c, top)}${markers(c)}</svg></figure>`;
}
