// Where each pane goes for a terminal size. Pure, so every size from 80×24 up is testable.

export interface Rect {
  top: number;
  left: number;
  width: number;
  height: number;
}

export type PaneName = 'cpu' | 'memory' | 'gpu' | 'disks' | 'network' | 'processes' | 'alerts' | 'status';

export interface Layout {
  cols: number;
  rows: number;
  panes: Record<PaneName, Rect>;
  /** Alerts in a sidebar (wide) or a strip under the process table (narrow). */
  alertsAs: 'sidebar' | 'strip';
}

export const MIN_COLS = 80;
export const MIN_ROWS = 24;

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/**
 * Panes have a one-line border (drawn by blessed), so a rect's content is width-2 × height-2.
 * Smaller terminals than 80×24 get the 80×24 layout clipped (blessed cuts what does not fit).
 */
export function computeLayout(cols0: number, rows0: number, cores = 1): Layout {
  const cols = Math.max(MIN_COLS, cols0);
  const rows = Math.max(MIN_ROWS, rows0);
  const statusH = 1;
  // CPU pane: one line per core (two columns of bars past 8 cores), load line, a chart.
  const coreLines = cores > 8 ? Math.ceil(cores / 2) : cores;
  const topH = clamp(coreLines + 2 + 3, 6, Math.max(6, Math.floor(rows * 0.25)));
  const ioH = clamp(Math.floor(rows * 0.15), 4, 8);
  const wide = cols >= 100;
  const alertStripH = wide ? 0 : 4;
  const procH = rows - statusH - topH - ioH - alertStripH;
  const half = Math.floor(cols / 2);
  const third = Math.floor(cols / 3);
  const sideW = wide ? clamp(Math.floor(cols * 0.28), 30, 48) : 0;
  const panes: Record<PaneName, Rect> = {
    cpu: { top: 0, left: 0, width: half, height: topH },
    memory: { top: 0, left: half, width: cols - half, height: topH },
    gpu: { top: topH, left: 0, width: third, height: ioH },
    disks: { top: topH, left: third, width: third, height: ioH },
    network: { top: topH, left: 2 * third, width: cols - 2 * third, height: ioH },
    processes: { top: topH + ioH, left: 0, width: cols - sideW, height: procH },
    alerts: wide
      ? { top: topH + ioH, left: cols - sideW, width: sideW, height: procH }
      : { top: topH + ioH + procH, left: 0, width: cols, height: alertStripH },
    status: { top: rows - statusH, left: 0, width: cols, height: statusH },
  };
  return { cols, rows, panes, alertsAs: wide ? 'sidebar' : 'strip' };
}

/** Content size inside a bordered pane. */
export function inner(r: Rect): { width: number; height: number } {
  return { width: Math.max(0, r.width - 2), height: Math.max(0, r.height - 2) };
}

/** Rows of the process table on one page (its content minus the header line). */
export function tablePage(layout: Layout): number {
  return Math.max(1, inner(layout.panes.processes).height - 1);
}

/** Nothing on screen would move between the two (the CPU pane's height follows the core count). */
export function sameLayout(a: Layout, b: Layout): boolean {
  return a.cols === b.cols && a.rows === b.rows && a.panes.cpu.height === b.panes.cpu.height;
}
