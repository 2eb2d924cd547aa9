// The process table: sort, incremental filter, tree view, and selection kept by identity
// (pid + start time) across refreshes. Pure model functions plus a renderer.
import { formatBytes, formatDuration, formatPercent } from '../src/core/format.ts';
import type { ProcessSnapshot } from '../src/core/types.ts';
import { containerOf as cgroupContainer } from '../src/proc/cgroup.ts';
import { plain, type Theme } from './theme.ts';
import { fitTo, rightTo } from './widgets.ts';

export const SORT_KEYS = ['cpu', 'mem', 'pid', 'name', 'age'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface TableOptions {
  sort: SortKey;
  /** Descending (the natural order for CPU and memory). */
  desc: boolean;
  filter: string;
  tree: boolean;
  /** Show kernel threads (default: hidden, as htop does). */
  kernelThreads?: boolean;
}

export interface ProcessRow {
  proc: ProcessSnapshot;
  key: string;
  depth: number;
  /** Tree drawing before the command (`├─ `), empty in list view. */
  prefix: string;
  /** False for an ancestor shown only to place a match in the tree. */
  match: boolean;
  /** `[docker 0123456789ab] ` on the first row of a container in tree view, else ''. */
  label?: string;
}

/** The identity of a process across refreshes: a reused pid has another start time. */
export function procKey(p: { pid: number; startTicks: number }): string {
  return `${p.pid}:${p.startTicks}`;
}

/** Natural direction when the user picks a column: biggest first for figures, A→Z for names. */
export function defaultDesc(sort: SortKey): boolean {
  return sort === 'cpu' || sort === 'mem';
}

function comparator(sort: SortKey, desc: boolean): (a: ProcessSnapshot, b: ProcessSnapshot) => number {
  const dir = desc ? -1 : 1;
  const by: Record<SortKey, (a: ProcessSnapshot, b: ProcessSnapshot) => number> = {
    cpu: (a, b) => (a.cpuPercent ?? -1) - (b.cpuPercent ?? -1),
    mem: (a, b) => a.rssBytes - b.rssBytes,
    pid: (a, b) => a.pid - b.pid,
    name: (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    age: (a, b) => a.ageSeconds - b.ageSeconds,
  };
  const f = by[sort];
  return (a, b) => dir * f(a, b) || a.pid - b.pid;
}

/** Case-insensitive match on name, command line, user, or an exact pid. */
export function matchesFilter(p: ProcessSnapshot, filter: string): boolean {
  if (!filter) return true;
  const f = filter.toLowerCase();
  if (/^\d+$/.test(f) && String(p.pid) === f) return true;
  return (
    p.name.toLowerCase().includes(f) ||
    p.cmdline.toLowerCase().includes(f) ||
    p.user.toLowerCase().includes(f)
  );
}

/** Widest run of tree guides before a row's own branch (five levels of 3 columns). */
export const MAX_TREE_LEAD = 15;

/** The container a process runs in (`docker 0123456789ab`), from its cgroup, or null. */
function containerOf(p: ProcessSnapshot | undefined): string | null {
  return p?.cgroup && p.cgroup !== '/' ? cgroupContainer(p.cgroup) : null;
}

/** The rows to show, in order. */
export function processRows(list: readonly ProcessSnapshot[], opts: TableOptions): ProcessRow[] {
  const cmp = comparator(opts.sort, opts.desc);
  const visible = opts.kernelThreads ? list : list.filter((p) => !p.kernelThread);
  const matched = opts.filter ? visible.filter((p) => matchesFilter(p, opts.filter)) : visible;
  if (!opts.tree) {
    return [...matched]
      .sort(cmp)
      .map((proc) => ({ proc, key: procKey(proc), depth: 0, prefix: '', match: true }));
  }
  const byPid = new Map(visible.map((p) => [p.pid, p]));
  const included = new Map<number, boolean>(); // pid → is a match
  for (const p of matched) {
    included.set(p.pid, true);
    // Ancestors place a match in its tree; they are shown dimmed.
    let parent = byPid.get(p.ppid);
    let guard = 0;
    while (parent && !included.has(parent.pid) && guard++ < 4096) {
      included.set(parent.pid, false);
      parent = byPid.get(parent.ppid);
    }
  }
  const children = new Map<number, ProcessSnapshot[]>();
  const roots: ProcessSnapshot[] = [];
  for (const pid of included.keys()) {
    const p = byPid.get(pid)!;
    if (p.ppid !== p.pid && included.has(p.ppid)) {
      const arr = children.get(p.ppid);
      if (arr) arr.push(p);
      else children.set(p.ppid, [p]);
    } else {
      roots.push(p);
    }
  }
  const rows: ProcessRow[] = [];
  const visit = (p: ProcessSnapshot, depth: number, lead: string, last: boolean, seen: Set<number>) => {
    if (seen.has(p.pid)) return;
    seen.add(p.pid);
    // Deep trees (a test runner under npm under four shells…) keep only the last levels of
    // guides, so the command itself stays readable in an 80-column pane.
    const shown = lead.length > MAX_TREE_LEAD ? '…' + lead.slice(-(MAX_TREE_LEAD - 1)) : lead;
    const prefix = depth === 0 ? '' : shown + (last ? '└─ ' : '├─ ');
    // A container's processes hang under its shim: its first one names the container.
    const box = containerOf(p);
    const label = box && box !== containerOf(byPid.get(p.ppid)) ? `[${box}] ` : '';
    rows.push({ proc: p, key: procKey(p), depth, prefix, match: included.get(p.pid) === true, label });
    const kids = (children.get(p.pid) ?? []).sort(cmp);
    const nextLead = depth === 0 ? '' : lead + (last ? '   ' : '│  ');
    for (let i = 0; i < kids.length; i++) visit(kids[i]!, depth + 1, nextLead, i === kids.length - 1, seen);
  };
  const seen = new Set<number>();
  for (const r of roots.sort(cmp)) visit(r, 0, '', true, seen);
  return rows;
}

/** Index of `key` in rows, or -1. */
export function indexOfKey(rows: readonly ProcessRow[], key: string | null): number {
  if (key === null) return -1;
  for (let i = 0; i < rows.length; i++) if (rows[i]!.key === key) return i;
  return -1;
}

/** First visible row so that `index` is on screen, moving as little as possible. */
export function scrollFor(index: number, scroll: number, page: number, total: number): number {
  if (page <= 0) return 0;
  let s = scroll;
  if (index < s) s = index;
  if (index >= s + page) s = index - page + 1;
  return Math.max(0, Math.min(s, Math.max(0, total - page)));
}

const COLS = [
  { id: 'pid', label: 'PID', w: 7, right: true },
  { id: 'user', label: 'USER', w: 9, right: false },
  { id: 'state', label: 'S', w: 1, right: false },
  { id: 'cpu', label: 'CPU%', w: 6, right: true },
  { id: 'mem', label: 'MEM%', w: 5, right: true },
  { id: 'rss', label: 'RSS', w: 6, right: true },
  { id: 'age', label: 'AGE', w: 6, right: true },
] as const;

export interface TableView {
  rows: readonly ProcessRow[];
  selectedKey: string | null;
  scroll: number;
  sort: SortKey;
  desc: boolean;
  totalMemBytes: number;
  focused: boolean;
  followKey: string | null;
}

function cells(p: ProcessSnapshot, totalMem: number): Record<(typeof COLS)[number]['id'], string> {
  return {
    pid: String(p.pid),
    user: p.user,
    state: p.state,
    cpu: formatPercent(p.cpuPercent),
    mem: totalMem > 0 ? ((p.rssBytes / totalMem) * 100).toFixed(1) : '-',
    rss: formatBytes(p.rssBytes),
    age: formatDuration(p.ageSeconds),
  };
}

const SORT_COLUMN: Record<SortKey, string> = { cpu: 'cpu', mem: 'mem', pid: 'pid', name: 'cmd', age: 'age' };

/** Header + visible rows; the selected row in inverse, the sort column marked with ▼/▲. */
export function renderProcessTable(view: TableView, theme: Theme, width: number, height: number): string[] {
  if (height <= 0) return [];
  const mark = view.desc ? '▼' : '▲';
  const sortCol = SORT_COLUMN[view.sort];
  const head = COLS.map((c) => {
    const label = c.id === sortCol ? c.label + mark : c.label;
    return c.right ? rightTo(label, c.w) : fitTo(label, c.w);
  }).join(' ');
  const fixed = COLS.reduce((n, c) => n + c.w + 1, 0);
  const cmdW = Math.max(0, width - fixed);
  const cmdLabel = sortCol === 'cmd' ? `COMMAND${mark}` : 'COMMAND';
  const lines = [theme.paint('header', fitTo(`${head} ${cmdLabel}`, width))];
  const page = height - 1;
  for (let i = view.scroll; i < Math.min(view.rows.length, view.scroll + page); i++) {
    const row = view.rows[i]!;
    const c = cells(row.proc, view.totalMemBytes);
    const fixedText = COLS.map((col) =>
      col.right ? rightTo(c[col.id], col.w) : fitTo(c[col.id], col.w),
    ).join(' ');
    const command = (row.label ?? '') + (row.proc.cmdline || `[${row.proc.name}]`);
    const text = fitTo(fixedText + ' ' + fitTo(row.prefix + command, cmdW), width);
    if (row.key === view.selectedKey) {
      lines.push(theme.paint(view.focused ? 'selected' : 'title', text));
    } else if (!row.match || row.proc.state === 'Z') {
      lines.push(theme.paint('dim', text));
    } else if (row.proc.state === 'R' || (row.proc.cpuPercent ?? 0) >= 50) {
      lines.push(theme.paint('ok', text));
    } else if (cmdW === 0) {
      lines.push(plain(text));
    } else {
      const cmd = fitTo(row.prefix + command, cmdW);
      const pre = [...cmd].slice(0, [...row.prefix].length).join('');
      const rest = [...cmd].slice([...row.prefix].length).join('');
      const cmdText = row.proc.kernelThread ? theme.paint('dim', cmd) : theme.paint('dim', pre) + plain(rest);
      lines.push(plain(fixedText) + ' ' + cmdText);
    }
  }
  return lines;
}
