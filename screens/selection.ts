// The selection in the process table and the alert list: moving it, keeping it on the same
// process (pid + start time) across refreshes, and what it points at. Pure.
import type { Alert, ProcessSnapshot } from '../src/core/types.ts';
import type { Context, ProcessTarget, UiState } from './model.ts';
import { indexOfKey, type ProcessRow, scrollFor } from './processes.ts';

/** Re-anchor the selection after new rows: same process if still shown, else the same place. */
export function reconcile(state: UiState, rows: readonly ProcessRow[], page: number): UiState {
  let index = indexOfKey(rows, state.selectedKey);
  let followKey = state.followKey;
  let message = state.message;
  if (followKey !== null && indexOfKey(rows, followKey) < 0) {
    followKey = null;
    message = 'tui.follow.lost';
  }
  if (index < 0) index = Math.min(state.selectedIndex, rows.length - 1);
  const selectedKey = index >= 0 ? rows[index]!.key : null;
  let scroll = scrollFor(Math.max(0, index), state.scroll, page, rows.length);
  if (followKey !== null && index >= 0) {
    // A followed process is kept in the middle of the page as the sort moves it.
    scroll = Math.max(0, Math.min(index - Math.floor(page / 2), Math.max(0, rows.length - page)));
  }
  if (
    selectedKey === state.selectedKey &&
    index === state.selectedIndex &&
    scroll === state.scroll &&
    followKey === state.followKey &&
    message === state.message
  )
    return state;
  return { ...state, selectedKey, selectedIndex: Math.max(0, index), scroll, followKey, message };
}

/** Keep the alert cursor on the list when alerts went away. */
export function clampAlert(state: UiState, alerts: readonly Alert[]): UiState {
  if (alerts.length === 0 || state.alertIndex < alerts.length) return state;
  return { ...state, alertIndex: alerts.length - 1 };
}

/** Select row `index` (clamped) of the table, or of the alert list when it has the focus. */
export function moveTo(state: UiState, ctx: Context, index: number): UiState {
  if (state.focus === 'alerts') {
    const n = ctx.alerts.length;
    return { ...state, alertIndex: n ? Math.max(0, Math.min(n - 1, index)) : 0 };
  }
  const n = ctx.rows.length;
  if (n === 0) return state;
  const i = Math.max(0, Math.min(n - 1, index));
  const key = ctx.rows[i]!.key;
  return {
    ...state,
    selectedKey: key,
    selectedIndex: i,
    scroll: scrollFor(i, state.scroll, ctx.page, n),
    // Moving the cursor by hand stops following.
    followKey: state.followKey === key ? state.followKey : null,
  };
}

export function currentIndex(state: UiState, ctx: Context): number {
  if (state.focus === 'alerts') return state.alertIndex;
  const i = indexOfKey(ctx.rows, state.selectedKey);
  return i < 0 ? state.selectedIndex : i;
}

export function selectedRow(state: UiState, ctx: Pick<Context, 'rows'>): ProcessRow | null {
  const i = indexOfKey(ctx.rows, state.selectedKey);
  return i < 0 ? null : ctx.rows[i]!;
}

export function selectedProcess(state: UiState, ctx: Pick<Context, 'rows'>): ProcessSnapshot | null {
  return selectedRow(state, ctx)?.proc ?? null;
}

/** What a signal or a renice is asked for: the row's pid (a thread's tid) and what it reaches. */
export function targetOf(row: ProcessRow): ProcessTarget {
  const p = row.proc;
  return {
    pid: p.pid,
    startTicks: p.startTicks,
    name: p.name,
    cmdline: p.cmdline,
    user: p.user,
    rssBytes: p.rssBytes,
    ...(row.thread ? { process: { pid: row.thread.tgid, name: row.thread.processName } } : {}),
  };
}
