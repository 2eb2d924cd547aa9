// The history view's model (pure): recorded system samples, per-program RSS and alert firings
// over a window, folded into the points of its line charts (CPU, memory and swap, load, the
// fullest disk, RSS by program), the local-time labels of their time axis, the incidents and
// the cursor as positions on that axis, and the words around them. history-view.ts draws it
// with blessed-contrib; nothing here touches the screen.
import { formatBytes, formatPercent } from '../src/core/format.ts';
import { localClock, localDateTime } from '../src/core/local-time.ts';
import type { Params } from '../src/i18n/index.ts';
import { bucketize } from '../src/report/sparkline.ts';
import type { Firing } from '../src/store/incidents.ts';
import type { SystemSample } from '../src/store/types.ts';

/** The windows ↑ / ↓ switch between (1 h, 6 h, 24 h, 7 days). */
export const HISTORY_WINDOWS_MS = [3_600_000, 6 * 3_600_000, 24 * 3_600_000, 7 * 86_400_000] as const;
/** Points across a window; the cursor moves one point at a time. */
export const HISTORY_POINTS = 120;
/** Programs drawn in the RSS chart (the largest over the window). */
const PROGRAMS_DRAWN = 4;

/** What the view shows, as read from the history. */
export interface HistoryData {
  from: number;
  to: number;
  samples: readonly SystemSample[];
  programs: readonly { time: number; programs: Record<string, number> }[];
  firings: readonly Firing[];
}

export type ChartId = 'cpu' | 'memory' | 'load' | 'disk' | 'programs';

export interface ChartModel {
  id: ChartId;
  /** Title with the unit and the value at the cursor. */
  label: string;
  series: { title: string; y: number[] }[];
  maxY?: number;
  /** Integer axis labels (percentages). */
  whole: boolean;
}

export interface HistoryModel {
  /** Local time of each point, as the time axis shows it. */
  x: string[];
  charts: ChartModel[];
  /** Point index of each incident (an alert firing), and its firing. */
  markers: { index: number; firing: Firing }[];
  /** Points with no recorded sample (Vigil was not running). */
  gaps: boolean[];
  cursor: number;
  cursorTime: number;
  /** The firing nearest the cursor, if one is within a few points. */
  near: Firing | null;
}

type Tr = (key: string, params?: Params) => string;

export const pointWidth = (d: Pick<HistoryData, 'from' | 'to'>) => (d.to - d.from) / HISTORY_POINTS;

/** The point a time falls in. */
export function pointOf(d: Pick<HistoryData, 'from' | 'to'>, time: number): number {
  const i = Math.floor((time - d.from) / pointWidth(d));
  return Math.max(0, Math.min(HISTORY_POINTS - 1, i));
}

/** A time axis label: the clock for a day or less, the date and hour beyond. */
function axisLabel(time: number, windowMs: number): string {
  if (windowMs <= 86_400_000) return localClock(time).slice(0, 5);
  const d = localDateTime(time);
  return `${d.slice(5, 10)} ${d.slice(11, 13)}h`;
}

/** blessed-contrib draws no gaps: a point with no sample keeps the value before it (the strip shows the gap). */
function filled(values: (number | null)[]): number[] {
  let last = 0;
  return values.map((v) => {
    if (v !== null) last = v;
    return last;
  });
}

function series(d: HistoryData, pick: (s: SystemSample) => number | null, peak = false): (number | null)[] {
  return bucketize(
    d.samples.map((s) => ({ time: s.time, value: pick(s) })),
    d.from,
    d.to,
    HISTORY_POINTS,
    peak,
  );
}

const pct = (a: number | null, b: number | null) => (a !== null && b ? (a / b) * 100 : null);

/** The programs with the largest RSS over the window, each as a series in MiB or GiB. */
function programCharts(d: HistoryData, cursor: number, tr: Tr): ChartModel {
  const peaks = new Map<string, number>();
  for (const p of d.programs)
    for (const [name, rss] of Object.entries(p.programs))
      peaks.set(name, Math.max(peaks.get(name) ?? 0, rss));
  const top = [...peaks].sort((a, b) => b[1] - a[1]).slice(0, PROGRAMS_DRAWN);
  const gib = (top[0]?.[1] ?? 0) >= 2 ** 30;
  const unit = gib ? 2 ** 30 : 2 ** 20;
  const out = top.map(([name]) => {
    const raw = bucketize(
      d.programs.map((p) => ({ time: p.time, value: p.programs[name] ?? null })),
      d.from,
      d.to,
      HISTORY_POINTS,
      true,
    );
    return { title: name, y: filled(raw.map((v) => (v === null ? null : v / unit))), raw };
  });
  const at = out
    .map((s) => (s.raw[cursor] != null ? `${s.title} ${formatBytes(s.raw[cursor])}` : ''))
    .filter(Boolean)
    .slice(0, 2)
    .join(', ');
  return {
    id: 'programs',
    label: tr('replay.history.programs', { unit: gib ? 'GiB' : 'MiB', at: at || '-' }),
    series: out.map(({ title, y }) => ({ title, y })),
    whole: false,
  };
}

/** The view's model for `data` with the cursor at `cursorTime`. */
export function historyModel(data: HistoryData, cursorTime: number, tr: Tr): HistoryModel {
  const windowMs = data.to - data.from;
  const x = Array.from({ length: HISTORY_POINTS }, (_, i) =>
    axisLabel(data.from + i * pointWidth(data), windowMs),
  );
  const cursor = pointOf(data, cursorTime);
  const cpu = series(data, (s) => s.cpuPercent);
  const ram = series(data, (s) => pct(s.memUsedBytes, s.memTotalBytes));
  const swap = series(data, (s) => pct(s.swapUsedBytes, s.swapTotalBytes));
  const load = series(data, (s) => s.load1);
  const disk = series(data, (s) => (s.diskMinFreePercent === null ? null : 100 - s.diskMinFreePercent), true);
  const at = (v: (number | null)[], f: (n: number) => string) => (v[cursor] != null ? f(v[cursor]!) : '-');
  const charts: ChartModel[] = [
    {
      id: 'cpu',
      label: tr('replay.history.cpu', { at: at(cpu, (n) => formatPercent(n)) }),
      series: [{ title: 'CPU', y: filled(cpu) }],
      maxY: 100,
      whole: true,
    },
    {
      id: 'memory',
      label: tr('replay.history.memory', {
        ram: at(ram, (n) => formatPercent(n)),
        swap: at(swap, (n) => formatPercent(n)),
      }),
      series: [
        { title: tr('replay.history.ram'), y: filled(ram) },
        { title: tr('replay.history.swap'), y: filled(swap) },
      ],
      maxY: 100,
      whole: true,
    },
    {
      id: 'load',
      label: tr('replay.history.load', { at: at(load, (n) => n.toFixed(2)) }),
      series: [{ title: 'load1', y: filled(load) }],
      whole: false,
    },
    {
      id: 'disk',
      label: tr('replay.history.disk', { at: at(disk, (n) => formatPercent(n)) }),
      series: [{ title: 'disk', y: filled(disk) }],
      maxY: 100,
      whole: true,
    },
    programCharts(data, cursor, tr),
  ];
  const gaps = cpu.map((v, i) => v === null && ram[i] === null);
  const markers = data.firings.map((firing) => ({ index: pointOf(data, firing.firedAt), firing }));
  const close = markers
    .filter((m) => Math.abs(m.index - cursor) <= 2)
    .sort((a, b) => Math.abs(a.index - cursor) - Math.abs(b.index - cursor));
  return {
    x,
    charts,
    markers,
    gaps,
    cursor,
    cursorTime: data.from + (cursor + 0.5) * pointWidth(data),
    near: close[0]?.firing ?? null,
  };
}

/**
 * The time axis under a chart, `width` columns whose point `i` sits at column `column(i)`:
 * `─` recorded, `·` not recorded, `▲` an incident, `┃` the cursor.
 */
export function timelineCells(model: HistoryModel, width: number, column: (i: number) => number): string[] {
  // Over the chart's bottom border: the border line itself where no point falls.
  const cells = new Array<string>(width).fill('─');
  for (let i = 0; i < HISTORY_POINTS; i++) {
    const c = column(i);
    if (c >= 0 && c < width) cells[c] = model.gaps[i] ? '·' : '─';
  }
  for (const m of model.markers) {
    const c = column(m.index);
    if (c >= 0 && c < width) cells[c] = '▲';
  }
  const c = column(model.cursor);
  if (c >= 0 && c < width) cells[c] = '┃';
  return cells;
}
