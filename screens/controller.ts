// The TUI's controller: it owns the UI state, runs keys and clicks through the reducer
// (screens/state.ts) and the reducer's effects through the ports, follows the engine, and renders
// on its own schedule: at most one frame per engine tick and per burst of keys. A frame first
// settles the state for the rows, alerts and layout it shows (a state transition, made here),
// then draws it with the pure renderers; drawing writes nothing back.
import type { CommandId } from '../keymaps/commands.ts';
import type { Keymap } from '../keymaps/keymap.ts';
import type { VigilConfig } from '../src/config/types.ts';
import type { Alert } from '../src/core/types.ts';
import { translator } from '../src/i18n/index.ts';
import { type EffectDeps, type Ports, runEffect } from './effects.ts';
import { createFeed, type EngineView, type Feed } from './feed.ts';
import { clickAlert, clickRow, keyAction } from './input.ts';
import { computeLayout, type Layout, sameLayout, tablePage } from './layout.ts';
import { type DialogInput, dialogFor, dialogPage } from './modal.ts';
import type { ProcessRow } from './processes.ts';
import { renderScreen } from './render.ts';
import { createScheduler } from './schedule.ts';
import {
  type Context,
  clampAlert,
  initialState,
  reconcile,
  reduce,
  typeIntoFilter,
  type UiState,
} from './state.ts';
import { makeTheme } from './theme.ts';
import type { View } from './view.ts';

export interface ControllerOptions {
  engine: EngineView;
  keymap: Keymap;
  config: VigilConfig;
  color: boolean;
  ports: Ports;
  /** Last warning from the log, for the status line. */
  logLine?: () => string | null;
  onQuit: () => void;
  now?: () => number;
}

export interface Controller {
  /** Run a command as if its key was pressed. */
  dispatch(cmd: CommandId): void;
  /** A key press by canonical name (`f9`, `k`, `enter`…), with the character typed, if printable. */
  press(key: string, ch?: string): void;
  state(): UiState;
  /** Rows of the process table for the state and the snapshot on show. */
  rows(): readonly ProcessRow[];
  /** The alert sidebar's list, newest first. */
  alerts(): readonly Alert[];
  /** Render now (tests); the app itself renders on its own schedule. */
  renderNow(): void;
  renders(): number;
  setConfig(config: VigilConfig): void;
  destroy(): void;
}

/** What the reducer sees: the rows, alerts, table page and dialog size the screen has now. */
function contextOf(state: UiState, feed: Feed, layout: Layout, dialog: DialogInput): Context {
  const view = state.modal ? dialogFor(state.modal, layout, dialog) : null;
  return {
    rows: feed.rows(state),
    alerts: feed.alerts(),
    page: tablePage(layout),
    modalPage: view ? dialogPage(view, layout) : 1,
    modalLines: view?.body.length ?? 0,
    now: dialog.now,
  };
}

/** Before a frame: the selection re-anchored on the rows it shows, the alert cursor on the list. */
function settle(state: UiState, feed: Feed, layout: Layout): UiState {
  return clampAlert(reconcile(state, feed.rows(state), tablePage(layout)), feed.alerts());
}

/** An explanation or an applied action is on its way: the spinner turns. */
function waiting(s: UiState): boolean {
  return s.modal?.kind === 'explain' && (s.modal.status === 'waiting' || s.modal.apply?.step === 'sending');
}

export function createController(opts: ControllerOptions, view: View): Controller {
  const now = opts.now ?? Date.now;
  const theme = makeTheme(opts.color);
  const feed = createFeed(opts.engine);
  const frames = createScheduler(renderNow);
  let config = opts.config;
  let tr = translator(config.general.language);
  let state = initialState();
  let layout: Layout | null = null;
  let destroyed = false;
  let renderCount = 0;

  /** The layout for the terminal's size now: the same object while nothing on screen would move. */
  function currentLayout(): Layout {
    const { cols, rows } = view.size();
    const next = computeLayout(cols, rows, feed.snapshot()?.cpu.perCore.length ?? 1);
    if (!layout || !sameLayout(layout, next)) layout = next;
    return layout;
  }

  const dialogInput = (): DialogInput => ({
    keymap: opts.keymap,
    theme,
    tr,
    now: now(),
    aiEnabled: config.ai.enabled,
  });

  function update(change: (s: UiState) => UiState): void {
    state = change(state);
    frames.request();
  }

  function select(next: UiState): void {
    if (next !== state) update(() => next);
  }

  function setConfig(next: VigilConfig): void {
    config = next;
    tr = translator(config.general.language);
    view.forget();
  }

  const effects: EffectDeps = {
    ports: opts.ports,
    quit: () => opts.onQuit(),
    redraw: () => view.redraw(),
    setConfig,
    update,
  };

  function dispatch(cmd: CommandId): void {
    const step = reduce(state, cmd, contextOf(state, feed, currentLayout(), dialogInput()));
    state = step.state;
    if (step.effect) runEffect(step.effect, state, effects);
    frames.request();
  }

  function press(key: string, ch?: string): void {
    const action = keyAction(state, opts.keymap, key, ch);
    if (action?.type === 'quit') opts.onQuit();
    else if (action?.type === 'command') dispatch(action.cmd);
    else if (action?.type === 'type') update((s) => typeIntoFilter(s, action.text));
  }

  function renderNow(): void {
    frames.served();
    if (destroyed) return;
    renderCount++;
    const at = currentLayout();
    view.place(at);
    state = settle(state, feed, at);
    const rows = feed.rows(state);
    view.paint(
      renderScreen({
        ...dialogInput(),
        layout: at,
        state,
        snapshot: feed.snapshot(),
        history: feed.history(),
        rows,
        alerts: feed.alerts(),
        mode: config.general.mode,
        intervalSecs: config.general.interval_secs,
        ai: opts.ports.aiState(),
        logLine: opts.logLine?.() ?? null,
      }),
    );
    frames.animate(waiting(state));
  }

  view.listen({
    press,
    resize: () => frames.request(),
    command: dispatch,
    clickRow: (line) => select(clickRow(state, feed.rows(state), line)),
    clickAlert: (line) => select(clickAlert(state, feed.alerts(), line, currentLayout())),
  });
  const unsubscribe = opts.engine.subscribe((e) => {
    if (feed.take(e, state.paused)) frames.request();
  });
  frames.request();

  return {
    dispatch,
    press,
    state: () => state,
    rows: () => feed.rows(state),
    alerts: () => feed.alerts(),
    renderNow,
    renders: () => renderCount,
    setConfig(next) {
      setConfig(next);
      frames.request();
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      unsubscribe();
      frames.stop();
      view.destroy();
    },
  };
}
