// What the engine has sent the screen: the snapshot on show (held while paused), the recent
// alert events and kernel warnings, the connection counts, the threads read on request, and what
// follows from them (the process rows for a sort and filter, the alert sidebar's list, VRAM per
// pid), each computed again only when its inputs change.
import type {
  Alert,
  AlertEvent,
  EngineEvent,
  EngineListener,
  KernelEvent,
  Snapshot,
} from '../src/core/types.ts';
import { sidebarAlerts } from './alerts.ts';
import { isKernelWarning } from './kernel.ts';
import type { UiState } from './model.ts';
import { createRowMemo, type ProcessRow, processRows, type ThreadInfo } from './processes.ts';
import type { ReplayView } from './replay-port.ts';

/** The engine as the TUI sees it: events and recent history, nothing else. */
export interface EngineView {
  subscribe(listener: EngineListener): () => void;
  latest(): Snapshot | undefined;
  history: { all(): readonly Snapshot[] };
}

export interface Feed {
  snapshot(): Snapshot | undefined;
  history(): readonly Snapshot[];
  /** Take an engine event; true when the screen should render. */
  take(e: EngineEvent, paused: boolean): boolean;
  /** The table's rows for the state's sort, filter, tree, user, thread and kernel-thread choice. */
  rows(state: UiState): ProcessRow[];
  /** Firing alerts and recently resolved ones, newest first. */
  alerts(): Alert[];
  /** Recent kernel warnings, newest first. */
  kernel(): readonly KernelEvent[];
  connections(): Readonly<Record<string, number>> | null;
  /** VRAM per pid, or null without a GPU. */
  gpuMemory(): ReadonlyMap<number, number> | null;
  /** Threads read for the processes on show (H). */
  setThreads(threads: ReadonlyMap<number, readonly ThreadInfo[]> | null): void;
  /** Show a recorded moment instead of the live machine (null: live again). */
  setReplay(view: ReplayView | null): void;
}

/** Alert events kept for the sidebar's recently resolved alerts. */
const EVENTS_KEPT = 200;
/** Kernel warnings kept, and for how long they count as recent. */
const KERNEL_KEPT = 50;
const KERNEL_RECENT_MS = 60 * 60 * 1000;

function gpuMap(s: Snapshot | undefined): Map<number, number> | null {
  if (!s || s.gpus.length === 0) return null;
  const m = new Map<number, number>();
  for (const g of s.gpus)
    for (const p of g.processes)
      if (p.memoryBytes !== null) m.set(p.pid, (m.get(p.pid) ?? 0) + p.memoryBytes);
  return m;
}

export function createFeed(engine: EngineView, now: () => number = Date.now): Feed {
  let live = engine.latest();
  let replay: ReplayView | null = null;
  // What the screen shows: the recorded moment while replaying, the live snapshot otherwise.
  let shown = live;
  const events: AlertEvent[] = [];
  let kernel: KernelEvent[] = [];
  let connections: Readonly<Record<string, number>> | null = null;
  let threads: ReadonlyMap<number, readonly ThreadInfo[]> | null = null;
  let eventCount = 0;
  let rowsMemo: {
    snap: Snapshot | undefined;
    key: string;
    threads: ReadonlyMap<number, readonly ThreadInfo[]> | null;
    rows: ProcessRow[];
  } = { snap: undefined, key: '', threads, rows: [] };
  // The list's last order and rows: a refresh re-sorts a nearly sorted list, rows are reused.
  const rowMemo = createRowMemo();
  let alertsMemo = { snap: undefined as Snapshot | undefined, events: -1, alerts: [] as Alert[] };
  let gpuMemo = { snap: undefined as Snapshot | undefined, map: null as Map<number, number> | null };

  function takeKernel(list: readonly KernelEvent[] | undefined): void {
    const fresh = (list ?? []).filter(isKernelWarning);
    const cutoff = now() - KERNEL_RECENT_MS;
    if (fresh.length === 0 && (kernel.length === 0 || kernel[kernel.length - 1]!.time >= cutoff)) return;
    kernel = [...fresh.reverse(), ...kernel].filter((e) => e.time >= cutoff).slice(0, KERNEL_KEPT);
  }

  return {
    snapshot: () => shown,
    history: () => replay?.history ?? engine.history.all(),
    take(e, paused) {
      if (e.type === 'snapshot') {
        takeKernel(e.snapshot.kernelEvents);
        connections = e.raw.parts.network?.connections ?? connections;
        if (!paused) live = e.snapshot;
        if (!replay) shown = live;
        return !replay;
      }
      if (e.type !== 'alert') return false;
      events.push(e.alert);
      eventCount++;
      if (events.length > EVENTS_KEPT) events.splice(0, events.length - EVENTS_KEPT);
      return true;
    },
    rows(state) {
      const key = `${state.sort}|${state.desc}|${state.tree}|${state.kernelThreads}|${state.user}|${state.threads}|${state.filter}`;
      if (rowsMemo.snap !== shown || rowsMemo.key !== key || rowsMemo.threads !== threads) {
        const { sort, desc, filter, tree, kernelThreads, user } = state;
        const rows = processRows(shown?.processes ?? [], {
          sort,
          desc,
          filter,
          tree,
          kernelThreads,
          user,
          threads: state.threads ? threads : null,
          memo: rowMemo,
        });
        rowsMemo = { snap: shown, key, threads, rows };
      }
      return rowsMemo.rows;
    },
    alerts() {
      if (alertsMemo.snap !== shown || alertsMemo.events !== eventCount) {
        // A recorded moment shows the alerts firing then, not today's events.
        const list = replay
          ? [...(shown?.alerts ?? [])].reverse()
          : sidebarAlerts(shown?.alerts ?? [], events);
        alertsMemo = { snap: shown, events: eventCount, alerts: list };
      }
      return alertsMemo.alerts;
    },
    kernel: () => (replay ? (replay.snapshot.kernelEvents ?? []).filter(isKernelWarning).reverse() : kernel),
    connections: () => (replay ? replay.connections : connections),
    gpuMemory() {
      if (gpuMemo.snap !== shown) gpuMemo = { snap: shown, map: gpuMap(shown) };
      return gpuMemo.map;
    },
    setThreads(next) {
      threads = next;
    },
    setReplay(view) {
      replay = view;
      shown = view?.snapshot ?? live;
    },
  };
}
