// The process table: sort, incremental filter, tree view, and selection kept by identity
// (pid + start time) across refreshes. Pure model functions plus a renderer.
import type { ProcessSnapshot } from '../src/core/types.ts';
import { containerOf as cgroupContainer } from '../src/proc/cgroup.ts';

export const SORT_KEYS = ['cpu', 'mem', 'pid', 'name', 'age', 'time'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface TableOptions {
  sort: SortKey;
  /** Descending (the natural order for CPU and memory). */
  desc: boolean;
  filter: string;
  tree: boolean;
  /** Show kernel threads (default: hidden, as htop does). */
  kernelThreads?: boolean;
  /** Only this user's processes. */
  user?: string | null;
  /** User threads to show under their process (pid → its threads but the main one). */
  threads?: ReadonlyMap<number, readonly ThreadInfo[]> | null;
  /** The last list's order and rows (createRowMemo), kept by the caller between refreshes. */
  memo?: RowMemo;
}

/**
 * What the list view keeps between refreshes: its rows by pid and their last order. The next
 * list starts from that order, so sorting it again (TimSort on a nearly sorted array) is close to
 * linear, and a process still listed keeps its row object and key string (its `proc` is the
 * newest snapshot's). Rows in the previous list are therefore changed by the next one.
 */
export interface RowMemo {
  byPid: Map<number, ProcessRow>;
  order: ProcessRow[];
}

export function createRowMemo(): RowMemo {
  return { byPid: new Map(), order: [] };
}

/** One user thread of a process, as the thread reader saw it. */
export interface ThreadInfo {
  tid: number;
  name: string;
  state: string;
  startTicks: number;
  cpuPercent: number | null;
  cpuSeconds: number;
}

export interface ProcessRow {
  proc: ProcessSnapshot;
  key: string;
  depth: number;
  /** Tree drawing before the command (`├─ `), empty in list view. */
  prefix: string;
  /** False for an ancestor shown only to place a match in the tree. */
  match: boolean;
  /** For a thread row: its process (a signal or a renice reaches the whole thread group). */
  thread?: { tgid: number; processName: string };
  /** `[docker 0123456789ab] ` on the first row of a container in tree view, else ''. */
  label?: string;
}

/** The identity of a process across refreshes: a reused pid has another start time. */
export function procKey(p: { pid: number; startTicks: number }): string {
  return `${p.pid}:${p.startTicks}`;
}

/** A thread row's identity (a tid is never a listed pid, but keep the two apart anyway). */
function threadKey(t: ThreadInfo): string {
  return `t${t.tid}:${t.startTicks}`;
}

/** Natural direction when the user picks a column: biggest first for figures, A→Z for names. */
export function defaultDesc(sort: SortKey): boolean {
  return sort === 'cpu' || sort === 'mem' || sort === 'time';
}

function comparator(sort: SortKey, desc: boolean): (a: ProcessSnapshot, b: ProcessSnapshot) => number {
  const dir = desc ? -1 : 1;
  const by: Record<SortKey, (a: ProcessSnapshot, b: ProcessSnapshot) => number> = {
    cpu: (a, b) => (a.cpuPercent ?? -1) - (b.cpuPercent ?? -1),
    mem: (a, b) => a.rssBytes - b.rssBytes,
    pid: (a, b) => a.pid - b.pid,
    name: (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    age: (a, b) => a.ageSeconds - b.ageSeconds,
    time: (a, b) => (a.cpuSeconds ?? 0) - (b.cpuSeconds ?? 0),
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

/** Thread rows under `row`, as rows that act on their process. */
function threadRows(row: ProcessRow, threads: TableOptions['threads']): ProcessRow[] {
  const list = threads?.get(row.proc.pid);
  if (!list || list.length === 0) return [];
  const p = row.proc;
  return list.map((t) => ({
    proc: {
      ...p,
      pid: t.tid,
      ppid: p.pid,
      name: t.name,
      state: t.state,
      cpuPercent: t.cpuPercent,
      cpuSeconds: t.cpuSeconds,
      startTicks: t.startTicks,
      threads: 1,
    },
    key: threadKey(t),
    depth: row.depth + 1,
    prefix: `${row.prefix.replace(/[├└]─ $/, (m) => (m.startsWith('├') ? '│  ' : '   '))}· `,
    match: row.match,
    thread: { tgid: p.pid, processName: p.name },
  }));
}

function withThreads(rows: ProcessRow[], threads: TableOptions['threads']): ProcessRow[] {
  if (!threads || threads.size === 0) return rows;
  return rows.flatMap((r) => [r, ...threadRows(r, threads)]);
}

/** The container a process runs in (`docker 0123456789ab`), from its cgroup, or null. */
function containerOf(p: ProcessSnapshot | undefined): string | null {
  return p?.cgroup && p.cgroup !== '/' ? cgroupContainer(p.cgroup) : null;
}

/** The rows to show, in order. */
export function processRows(list: readonly ProcessSnapshot[], opts: TableOptions): ProcessRow[] {
  return withThreads(processOnlyRows(list, opts), opts.threads);
}

function processOnlyRows(list: readonly ProcessSnapshot[], opts: TableOptions): ProcessRow[] {
  const cmp = comparator(opts.sort, opts.desc);
  const user = opts.user ?? null;
  const visible =
    opts.kernelThreads && user === null
      ? list
      : list.filter((p) => (opts.kernelThreads || !p.kernelThread) && (user === null || p.user === user));
  const matched = opts.filter ? visible.filter((p) => matchesFilter(p, opts.filter)) : visible;
  if (!opts.tree) {
    if (opts.memo) return listRows(matched, cmp, opts.memo);
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

/** The list view through the memo: the last order first, then newcomers, sorted again. */
function listRows(
  matched: readonly ProcessSnapshot[],
  cmp: (a: ProcessSnapshot, b: ProcessSnapshot) => number,
  memo: RowMemo,
): ProcessRow[] {
  const next = new Map<number, ProcessRow>();
  for (const proc of matched) {
    let row = memo.byPid.get(proc.pid);
    if (row && row.proc.startTicks === proc.startTicks) row.proc = proc;
    else row = { proc, key: procKey(proc), depth: 0, prefix: '', match: true };
    next.set(proc.pid, row);
  }
  const rows: ProcessRow[] = [];
  for (const old of memo.order) {
    const row = next.get(old.proc.pid);
    if (row === old) rows.push(row);
  }
  if (rows.length < next.size) {
    const placed = new Set(rows);
    for (const row of next.values()) if (!placed.has(row)) rows.push(row);
  }
  rows.sort((a, b) => cmp(a.proc, b.proc));
  memo.byPid = next;
  memo.order = rows;
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
