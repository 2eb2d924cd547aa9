// What the engine has sent the screen: the snapshot on show (held while paused), the recent
// alert events, and what follows from them (the process rows for a sort and filter, the alert
// sidebar's list), each computed again only when its inputs change.
import type { Alert, AlertEvent, EngineEvent, EngineListener, Snapshot } from '../src/core/types.ts';
import { sidebarAlerts } from './alerts.ts';
import { type ProcessRow, processRows } from './processes.ts';
import type { UiState } from './state.ts';

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
  /** The table's rows for the state's sort, filter, tree and kernel-thread choice. */
  rows(state: UiState): ProcessRow[];
  /** Firing alerts and recently resolved ones, newest first. */
  alerts(): Alert[];
}

/** Alert events kept for the sidebar's recently resolved alerts. */
const EVENTS_KEPT = 200;

export function createFeed(engine: EngineView): Feed {
  let shown = engine.latest();
  const events: AlertEvent[] = [];
  let eventCount = 0;
  let rowsMemo = { snap: undefined as Snapshot | undefined, key: '', rows: [] as ProcessRow[] };
  let alertsMemo = { snap: undefined as Snapshot | undefined, events: -1, alerts: [] as Alert[] };
  return {
    snapshot: () => shown,
    history: () => engine.history.all(),
    take(e, paused) {
      if (e.type === 'snapshot') {
        if (!paused) shown = e.snapshot;
        return true;
      }
      if (e.type !== 'alert') return false;
      events.push(e.alert);
      eventCount++;
      if (events.length > EVENTS_KEPT) events.splice(0, events.length - EVENTS_KEPT);
      return true;
    },
    rows(state) {
      const key = `${state.sort}|${state.desc}|${state.tree}|${state.kernelThreads}|${state.filter}`;
      if (rowsMemo.snap !== shown || rowsMemo.key !== key) {
        const { sort, desc, filter, tree, kernelThreads } = state;
        const rows = processRows(shown?.processes ?? [], { sort, desc, filter, tree, kernelThreads });
        rowsMemo = { snap: shown, key, rows };
      }
      return rowsMemo.rows;
    },
    alerts() {
      if (alertsMemo.snap !== shown || alertsMemo.events !== eventCount) {
        alertsMemo = { snap: shown, events: eventCount, alerts: sidebarAlerts(shown?.alerts ?? [], events) };
      }
      return alertsMemo.alerts;
    },
  };
}
