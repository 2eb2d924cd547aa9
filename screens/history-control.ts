// The controller's side of the history view: the window's data as it arrives, its model for the
// cursor (computed again only when either moves), and the overlay, loaded with blessed-contrib
// the first time the view opens and drawn before each frame.
import type blessed from 'blessed';
import { firstKey, type Keymap } from '../keymaps/keymap.ts';
import { localDateTime } from '../src/core/local-time.ts';
import type { Params } from '../src/i18n/index.ts';
import { type HistoryData, type HistoryModel, historyModel } from './history.ts';
import type { HistoryOverlay } from './history-view.ts';
import type { HistoryState, UiState } from './model.ts';
import { historyLoaded } from './reduce-history.ts';
import type { Theme } from './theme.ts';

type Tr = (key: string, params?: Params) => string;

export interface HistoryControl {
  /** The window's data (or why there is none) arrived. */
  loaded(result: HistoryData | { message: string }, update: (change: (s: UiState) => UiState) => void): void;
  /** Before a frame: show, update or hide the view for `state`. */
  paint(state: UiState, theme: Theme, tr: Tr, keymap: Keymap): void;
  /** Only to drop the view early: its widgets go with the screen when the app is destroyed. */
  destroy(): void;
}

const WINDOW_NAMES = ['1 h', '6 h', '24 h', '7 d'];

function header(h: HistoryState, model: HistoryModel | null, tr: Tr): string {
  // Most useful first (the screen may cut the end): the window, the cursor, a nearby incident.
  const head = ` ${tr('replay.history.title', { window: WINDOW_NAMES[h.window] ?? '' })}`;
  const range = ` · ${localDateTime(h.from)} → ${localDateTime(h.to)} (${tr('replay.history.local')})`;
  if (!model) return `${head} · ${tr('replay.history.loading')}${range}`;
  const near = model.near
    ? ` · ▲ ${localDateTime(model.near.firedAt).slice(11)} ${model.near.rule} (${model.near.severity})`
    : '';
  return `${head} · ${tr('replay.history.cursor', { time: localDateTime(model.cursorTime) })}${near}${range}`;
}

function footer(keymap: Keymap, tr: Tr): string {
  const k = (id: Parameters<typeof firstKey>[1]) => firstKey(keymap, id);
  return ` ${tr('replay.history.keys', {
    move: `${k('modal_left')}/${k('modal_right')}`,
    window: `${k('modal_up')}/${k('modal_down')}`,
    replay: k('modal_confirm'),
    close: k('modal_close'),
    windows: WINDOW_NAMES.join(' '),
  })}  ▲ ${tr('replay.history.incident')}  ┃ ${tr('replay.history.cursorMark')}  · ${tr('replay.history.gap')}`;
}

export function historyControl(screen: blessed.Widgets.Screen, request: () => void): HistoryControl {
  let data: HistoryData | null = null;
  let overlay: HistoryOverlay | null = null;
  let importing = false;
  let memo: { data: HistoryData | null; cursor: number; model: HistoryModel | null } = {
    data: null,
    cursor: Number.NaN,
    model: null,
  };

  function modelFor(h: HistoryState, tr: Tr): HistoryModel | null {
    if (!data || h.loading || data.from !== h.from || data.to !== h.to) return null;
    if (memo.data !== data || memo.cursor !== h.cursor)
      memo = { data, cursor: h.cursor, model: historyModel(data, h.cursor, tr) };
    return memo.model;
  }

  return {
    loaded(result, update) {
      if ('message' in result) {
        update((s) => historyLoaded(s, result.message));
        return;
      }
      data = result;
      update((s) => historyLoaded(s, null));
    },
    paint(state, theme, tr, keymap) {
      const h = state.history;
      if (!h) {
        overlay?.hide();
        return;
      }
      if (!overlay) {
        // blessed-contrib is loaded here, on the first open, never by the live screen.
        if (!importing) {
          importing = true;
          void import('./history-view.ts').then((m) => {
            overlay = m.createHistoryOverlay(screen);
            request();
          });
        }
        return;
      }
      const model = modelFor(h, tr);
      overlay.show(model, header(h, model, tr), footer(keymap, tr), theme);
    },
    destroy() {
      overlay?.destroy();
      overlay = null;
    },
  };
}
