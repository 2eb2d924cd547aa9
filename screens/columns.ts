// The process table's columns: what each shows, how wide it is, what clicking its header sorts
// by, and which ones fit a width. Pure.
import { formatBytes, formatDuration, formatPercent } from '../src/core/format.ts';
import type { ProcessSnapshot } from '../src/core/types.ts';
import type { SortKey } from './processes.ts';

export const COLUMN_IDS = ['user', 'state', 'cpu', 'mem', 'rss', 'time', 'age', 'gpu'] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

export interface CellContext {
  totalMemBytes: number;
  /** VRAM per pid when the machine has a GPU; null hides the GPU column. */
  gpuMemory?: ReadonlyMap<number, number> | null;
}

export interface ColumnSpec {
  id: ColumnId | 'pid' | 'command';
  label: string;
  width: number;
  right: boolean;
  /** What a click on its header sorts by. */
  sort: SortKey | null;
  cell(p: ProcessSnapshot, c: CellContext): string;
}

/** htop's TIME+: minutes:seconds.hundredths, hours past an hour (`3h12:05`). */
export function formatCpuTime(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '-';
  const total = Math.max(0, seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}:${String(Math.floor(s)).padStart(2, '0')}`;
  return `${m}:${s.toFixed(2).padStart(5, '0')}`;
}

const SPECS: Record<ColumnId | 'pid', ColumnSpec> = {
  pid: { id: 'pid', label: 'PID', width: 7, right: true, sort: 'pid', cell: (p) => String(p.pid) },
  user: { id: 'user', label: 'USER', width: 9, right: false, sort: null, cell: (p) => p.user },
  state: { id: 'state', label: 'S', width: 1, right: false, sort: null, cell: (p) => p.state },
  cpu: {
    id: 'cpu',
    label: 'CPU%',
    width: 6,
    right: true,
    sort: 'cpu',
    cell: (p) => formatPercent(p.cpuPercent),
  },
  mem: {
    id: 'mem',
    label: 'MEM%',
    width: 5,
    right: true,
    sort: 'mem',
    cell: (p, c) => (c.totalMemBytes > 0 ? ((p.rssBytes / c.totalMemBytes) * 100).toFixed(1) : '-'),
  },
  rss: { id: 'rss', label: 'RSS', width: 6, right: true, sort: 'mem', cell: (p) => formatBytes(p.rssBytes) },
  time: {
    id: 'time',
    label: 'TIME+',
    width: 9,
    right: true,
    sort: 'time',
    cell: (p) => formatCpuTime(p.cpuSeconds),
  },
  age: {
    id: 'age',
    label: 'AGE',
    width: 6,
    right: true,
    sort: 'age',
    cell: (p) => formatDuration(p.ageSeconds),
  },
  gpu: {
    id: 'gpu',
    label: 'GPU',
    width: 6,
    right: true,
    sort: null,
    cell: (p, c) => {
      const bytes = c.gpuMemory?.get(p.pid);
      return bytes === undefined ? '' : formatBytes(bytes);
    },
  },
};

export const COMMAND_COLUMN: ColumnSpec = {
  id: 'command',
  label: 'COMMAND',
  width: 0,
  right: false,
  sort: 'name',
  cell: (p) => p.cmdline || `[${p.name}]`,
};

/** Columns left out first when the width runs short (the command keeps at least 12 columns). */
const DROP_ORDER: readonly ColumnId[] = ['age', 'time', 'state', 'rss', 'user', 'mem', 'gpu', 'cpu'];
const MIN_COMMAND = 12;

export interface PlacedColumn {
  spec: ColumnSpec;
  /** First column of the cell, from the table's left edge. */
  x: number;
}

/** The columns shown at `width` (PID first, the command last, taking what is left). */
export function placeColumns(wanted: readonly ColumnId[], width: number, hasGpu: boolean): PlacedColumn[] {
  let ids = ['pid' as const, ...wanted.filter((id) => id !== 'gpu' || hasGpu)];
  const fixed = () => ids.reduce((n, id) => n + SPECS[id].width + 1, 0);
  for (const drop of DROP_ORDER) {
    if (fixed() + MIN_COMMAND <= width) break;
    ids = ids.filter((id) => id !== drop);
  }
  const placed: PlacedColumn[] = [];
  let x = 0;
  for (const id of ids) {
    placed.push({ spec: SPECS[id], x });
    x += SPECS[id].width + 1;
  }
  placed.push({ spec: { ...COMMAND_COLUMN, width: Math.max(0, width - x) }, x });
  return placed;
}

/** The column whose header is at `x` (a click), or null between columns. */
export function columnAt(placed: readonly PlacedColumn[], x: number): ColumnSpec | null {
  for (const c of placed) {
    if (x >= c.x && x < c.x + Math.max(1, c.spec.width)) return c.spec;
  }
  return null;
}

/** A column's label for the setup dialog and docs. */
export function columnLabel(id: ColumnId): string {
  return SPECS[id].label;
}
