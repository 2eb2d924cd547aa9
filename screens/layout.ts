// Where each pane goes for a terminal size. Pure, so every size is testable.
//
// Two shapes. Roomy terminals (≥ 100×30) get a bordered pane per subject: CPU and memory with
// history charts, disks and network (and the GPU when there is one), the process table with the
// alert sidebar, and the kernel strip under it when the kernel warned. Smaller ones (80×24, a
// tmux split) give the space to the process table, as htop does: the meters become unbordered
// bars over the table, the alerts (and kernel warnings) a strip under it only when there are any,
// and a machine without a GPU says so once in the status line. Nothing is laid out wider or
// taller than the terminal, so no line ever wraps.

export interface Rect {
  top: number;
  left: number;
  width: number;
  height: number;
}

export type PaneName =
  | 'meters'
  | 'cpu'
  | 'memory'
  | 'gpu'
  | 'disks'
  | 'network'
  | 'processes'
  | 'alerts'
  | 'kernel'
  | 'status';

export interface Layout {
  cols: number;
  rows: number;
  panes: Record<PaneName, Rect>;
  /** Alerts in a sidebar (roomy) or a strip under the process table. */
  alertsAs: 'sidebar' | 'strip';
  /** Roomy: a bordered pane per subject; compact: meters over the table. */
  shape: 'roomy' | 'compact';
}

/** What the layout depends on besides the size. */
export interface LayoutFacts {
  gpus?: number;
  /** Alerts in the sidebar's list (the compact strip shows only when there are some). */
  alerts?: number;
  /** Recent kernel warnings. */
  kernel?: number;
}

export const ROOMY_COLS = 100;
export const ROOMY_ROWS = 30;
/** Below this the screen is drawn at this size and clipped by the terminal. */
export const MIN_COLS = 40;
export const MIN_ROWS = 10;

const NONE: Rect = { top: 0, left: 0, width: 0, height: 0 };
const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** Lines of the compact meters: per-core bars on the left, memory, load and I/O on the right. */
export function meterLines(rows: number, cores: number, gpus: number): number {
  const right = 4 + (gpus > 0 ? 1 : 0);
  const most = Math.max(right, Math.floor(rows * 0.25));
  return clamp(Math.max(right, Math.ceil(cores / 2)), right, most);
}

function compact(cols: number, rows: number, cores: number, f: LayoutFacts): Layout {
  const metersH = meterLines(rows, cores, f.gpus ?? 0);
  const items = (f.alerts ?? 0) + (f.kernel ?? 0);
  const stripH = items > 0 ? 2 + Math.min(2, items) : 0;
  const procH = Math.max(3, rows - 1 - metersH - stripH);
  const panes: Record<PaneName, Rect> = {
    meters: { top: 0, left: 0, width: cols, height: metersH },
    cpu: NONE,
    memory: NONE,
    gpu: NONE,
    disks: NONE,
    network: NONE,
    processes: { top: metersH, left: 0, width: cols, height: procH },
    alerts: stripH ? { top: metersH + procH, left: 0, width: cols, height: stripH } : NONE,
    kernel: NONE,
    status: { top: rows - 1, left: 0, width: cols, height: 1 },
  };
  return { cols, rows, panes, alertsAs: 'strip', shape: 'compact' };
}

function roomy(cols: number, rows: number, cores: number, f: LayoutFacts): Layout {
  // CPU pane: one line per core (two columns of bars past 8 cores), load line, a chart.
  const coreLines = cores > 8 ? Math.ceil(cores / 2) : cores;
  const topH = clamp(coreLines + 2 + 3, 6, Math.max(6, Math.floor(rows * 0.25)));
  const ioH = clamp(Math.floor(rows * 0.15), 4, 8);
  const procTop = topH + ioH;
  const procH = rows - 1 - procTop;
  const half = Math.floor(cols / 2);
  const sideW = clamp(Math.floor(cols * 0.28), 30, 48);
  // GPU, disks and network share the row; without a GPU its third goes to the other two.
  const io = (f.gpus ?? 0) > 0 ? 3 : 2;
  const w = Math.floor(cols / io);
  const ioRect = (i: number): Rect => ({
    top: topH,
    left: i * w,
    width: i === io - 1 ? cols - i * w : w,
    height: ioH,
  });
  const kernelH = (f.kernel ?? 0) > 0 ? clamp(Math.min(f.kernel ?? 0, 6) + 2, 3, Math.floor(procH / 2)) : 0;
  const panes: Record<PaneName, Rect> = {
    meters: NONE,
    cpu: { top: 0, left: 0, width: half, height: topH },
    memory: { top: 0, left: half, width: cols - half, height: topH },
    gpu: io === 3 ? ioRect(0) : NONE,
    disks: ioRect(io - 2),
    network: ioRect(io - 1),
    processes: { top: procTop, left: 0, width: cols - sideW, height: procH },
    alerts: { top: procTop, left: cols - sideW, width: sideW, height: procH - kernelH },
    kernel: kernelH
      ? { top: procTop + procH - kernelH, left: cols - sideW, width: sideW, height: kernelH }
      : NONE,
    status: { top: rows - 1, left: 0, width: cols, height: 1 },
  };
  return { cols, rows, panes, alertsAs: 'sidebar', shape: 'roomy' };
}

/** Panes have a one-line border (drawn by blessed), except the meters and the status line. */
export function computeLayout(cols0: number, rows0: number, cores = 1, facts: LayoutFacts = {}): Layout {
  const cols = Math.max(MIN_COLS, cols0);
  const rows = Math.max(MIN_ROWS, rows0);
  return cols >= ROOMY_COLS && rows >= ROOMY_ROWS
    ? roomy(cols, rows, cores, facts)
    : compact(cols, rows, cores, facts);
}

/** Content size inside a bordered pane. */
export function inner(r: Rect): { width: number; height: number } {
  return { width: Math.max(0, r.width - 2), height: Math.max(0, r.height - 2) };
}

/** Rows of the process table on one page (its content minus the header line). */
export function tablePage(layout: Layout): number {
  return Math.max(1, inner(layout.panes.processes).height - 1);
}

/** Nothing on screen would move between the two. */
export function sameLayout(a: Layout, b: Layout): boolean {
  if (a.cols !== b.cols || a.rows !== b.rows) return false;
  for (const name of Object.keys(a.panes) as PaneName[]) {
    const p = a.panes[name];
    const q = b.panes[name];
    if (p.top !== q.top || p.left !== q.left || p.width !== q.width || p.height !== q.height) return false;
  }
  return true;
}
