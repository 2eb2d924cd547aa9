// The history view in the reducer: opening it (on a window ending now, the cursor on the moment
// replayed or the latest), moving the cursor (← →), changing the window (↑ ↓), and Enter: replay
// the moment under the cursor. Pure; loading the window's data is an effect.
import type { CommandId } from '../keymaps/commands.ts';
import { HISTORY_POINTS, HISTORY_WINDOWS_MS } from './history.ts';
import type { HistoryState, Step, UiState } from './model.ts';

/** The window opened first: 6 hours. */
const FIRST_WINDOW = 1;

function load(s: UiState, h: HistoryState): Step {
  return {
    state: { ...s, history: { ...h, loading: true } },
    effect: { type: 'history', from: h.from, to: h.to },
  };
}

/** Open the history view at `now`. */
export function openHistory(s: UiState, now: number): Step {
  const windowMs = HISTORY_WINDOWS_MS[FIRST_WINDOW];
  const cursor = s.replay?.time ?? now;
  return load(s, { window: FIRST_WINDOW, from: now - windowMs, to: now, cursor, loading: true });
}

/** A command while the history view is open (it takes every key, as a dialog does). */
export function reduceHistory(s: UiState, h: HistoryState, cmd: CommandId): Step {
  const step = (h.to - h.from) / HISTORY_POINTS;
  switch (cmd) {
    case 'modal_close':
    case 'modal_no':
    case 'history_view':
      return { state: { ...s, history: null } };
    case 'modal_left':
    case 'modal_right': {
      const cursor = Math.max(h.from, Math.min(h.to - 1, h.cursor + (cmd === 'modal_left' ? -step : step)));
      return { state: { ...s, history: { ...h, cursor } } };
    }
    case 'modal_up':
    case 'modal_down': {
      const window = Math.max(
        0,
        Math.min(HISTORY_WINDOWS_MS.length - 1, h.window + (cmd === 'modal_up' ? 1 : -1)),
      );
      if (window === h.window) return { state: s };
      const span = HISTORY_WINDOWS_MS[window]!;
      // The window keeps its end; the cursor stays where it was if it still fits.
      const from = h.to - span;
      return load(s, { ...h, window, from, cursor: Math.max(from, h.cursor) });
    }
    case 'modal_confirm':
      return {
        state: {
          ...s,
          history: null,
          replay: s.replay ?? { time: null, source: null, resolutionSecs: null, loading: true },
        },
        effect: { type: 'replay', move: { kind: 'at', time: h.cursor } },
      };
    default:
      return { state: s };
  }
}

/** The window's data arrived (or could not be read: the message says why and the view closes). */
export function historyLoaded(s: UiState, message: string | null): UiState {
  if (!s.history) return s;
  if (message) return { ...s, history: null, message, messageParams: {} };
  return { ...s, history: { ...s.history, loading: false } };
}
