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
import type { ColorDepth } from './colors.ts';
import { type EffectDeps, type Ports, runEffect } from './effects.ts';
import { createFeed, type EngineView, type Feed } from './feed.ts';
import { type HistoryControl, historyControl } from './history-control.ts';
import { clickAlert, clickHeader, clickRow, keyAction, unknownKey } from './input.ts';
import { computeLayout, inner, type Layout, sameLayout, tablePage } from './layout.ts';
import { type DialogInput, dialogFor, dialogPage } from './modal.ts';
import { type Context, initialState, type UiState, type ViewSettings, viewOf } from './model.ts';
import type { ProcessRow } from './processes.ts';
import { replayFrom, replayMissed, replayShown } from './reduce-replay.ts';
import { renderScreen } from './render.ts';
import { createScheduler } from './schedule.ts';
import { clampAlert, reconcile, reduce, typeIntoFilter } from './state.ts';
import { createLineCache, tableColumns } from './table.ts';
import { type ThemeName, themeCache } from './theme.ts';
import type { View } from './view.ts';
import { width as textWidth } from './widgets.ts';

export interface ControllerOptions {
  engine: EngineView;
  keymap: Keymap;
  config: VigilConfig;
  color: boolean;
  /** Colours the terminal shows (screens/colors.ts); default 256 with colour, 0 without. */
  colorDepth?: ColorDepth;
  ports: Ports;
  /** The view to start with (saved settings over `[ui]` defaults). */
  view?: ViewSettings;
  /** Called when a saved setting changed (sort, tree, columns, theme, kernel threads). */
  saveView?: (view: ViewSettings) => void;
  /** Last warning from the log, for the status line. */
  logLine?: () => string | null;
  onQuit: () => void;
  now?: () => number;
  /** Open on the recorded moment at this time (`vigil watch --at`), in replay mode. */
  replayAt?: number;
  /** A first message for the status line (a saved view that was not taken whole). */
  notice?: string;
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

/** How far the widest command on the page runs past the command column (← / → stop there). */
function commandOverflow(state: UiState, rows: readonly ProcessRow[], layout: Layout, feed: Feed): number {
  const { width } = inner(layout.panes.processes);
  const cols = tableColumns({ columns: state.columns, gpuMemory: feed.gpuMemory() }, width);
  const cmd = cols[cols.length - 1]!;
  let widest = 0;
  const page = tablePage(layout);
  for (let i = state.scroll; i < Math.min(rows.length, state.scroll + page); i++) {
    const r = rows[i]!;
    widest = Math.max(
      widest,
      textWidth(r.prefix + cmd.spec.cell(r.proc, { totalMemBytes: 0, gpuMemory: null })),
    );
  }
  // One more column for the « marker that replaces what was scrolled past.
  return Math.max(0, widest - cmd.spec.width + 1);
}

/** What the reducer sees: the rows, alerts, table page and dialog size the screen has now. */
function contextOf(state: UiState, feed: Feed, layout: Layout, dialog: DialogInput): Context {
  const view = state.modal ? dialogFor(state.modal, layout, dialog) : null;
  const rows = feed.rows(state);
  return {
    rows,
    alerts: feed.alerts(),
    processes: feed.snapshot()?.processes ?? [],
    page: tablePage(layout),
    modalPage: view ? dialogPage(view, layout) : 1,
    modalLines: view?.body.length ?? 0,
    commandOverflow: commandOverflow(state, rows, layout, feed),
    now: dialog.now,
  };
}

/** Before a frame: the selection re-anchored on the rows it shows, the alert cursor on the list. */
function settle(state: UiState, feed: Feed, layout: Layout): UiState {
  return clampAlert(reconcile(state, feed.rows(state), tablePage(layout)), feed.alerts());
}

/** What a frame shows of what the engine sent. */
function fromFeed(feed: Feed, state: UiState) {
  return {
    snapshot: feed.snapshot(),
    history: feed.history(),
    rows: feed.rows(state),
    alerts: feed.alerts(),
    kernel: feed.kernel(),
    connections: feed.connections(),
    gpuMemory: feed.gpuMemory(),
  };
}

/** What replay and the history view hand back: into the feed, the view and the state. */
function recorded(
  feed: Feed,
  history: HistoryControl,
  state: () => UiState,
  update: (change: (s: UiState) => UiState) => void,
): Pick<EffectDeps, 'replayed' | 'historyLoaded'> {
  return {
    replayed(r) {
      // Live again, or left replay while it loaded: the live screen.
      if (r === null || !state().replay) {
        if (!state().replay) feed.setReplay(null);
        return;
      }
      if ('message' in r) {
        update((s) => replayMissed(s, r.message));
        if (!state().replay) feed.setReplay(null);
        return;
      }
      feed.setReplay(r);
      update((s) => replayShown(s, r));
    },
    historyLoaded: (r) => history.loaded(r, update),
  };
}

/** `vigil watch --at`: open in replay mode, loading the recorded moment at `time`. */
function startReplay(state: UiState, time: number, effects: EffectDeps): UiState {
  const step = replayFrom(state, time);
  if (step.effect) runEffect(step.effect, step.state, effects);
  return step.state;
}

/** An explanation or an applied action is on its way: the spinner turns. */
function waiting(s: UiState): boolean {
  return s.modal?.kind === 'explain' && (s.modal.status === 'waiting' || s.modal.apply?.step === 'sending');
}

/**
 * Threads are read (through the ports) for processes that have more than one, while H is on;
 * one read at a time, none in a replay.
 */
function threadReader(
  ports: ControllerOptions['ports'],
  feed: ReturnType<typeof createFeed>,
  stateNow: () => UiState,
  repaint: () => void,
): () => void {
  let inFlight = false;
  return () => {
    const state = stateNow();
    const read = ports.threads;
    if (!state.threads || !read || inFlight || state.replay) return;
    const pids = (feed.snapshot()?.processes ?? []).filter((p) => p.threads > 1).map((p) => p.pid);
    inFlight = true;
    void read(pids).then((map) => {
      inFlight = false;
      feed.setThreads(map);
      repaint();
    });
  };
}

export function createController(opts: ControllerOptions, view: View): Controller {
  const now = opts.now ?? Date.now;
  const depth = opts.colorDepth ?? (opts.color ? 256 : 0);
  const themeOf = themeCache(depth);
  const feed = createFeed(opts.engine, now);
  const frames = createScheduler(renderNow);
  const history = historyControl(view.screen, () => frames.request());
  const tableLines = createLineCache();
  let config = opts.config;
  let tr = translator(config.general.language);
  let state: UiState = { ...initialState(opts.view), message: opts.notice ?? null };
  let saved = JSON.stringify(viewOf(state));
  let chrome: ThemeName | null = null;
  let layout: Layout | null = null;
  let destroyed = false;
  let renderCount = 0;
  const readThreads = threadReader(
    opts.ports,
    feed,
    () => state,
    () => frames.request(),
  );

  /** The layout for the terminal's size now: the same object while nothing on screen would move. */
  function currentLayout(): Layout {
    const { cols, rows } = view.size();
    const snap = feed.snapshot();
    const next = computeLayout(cols, rows, snap?.cpu.perCore.length ?? 1, {
      gpus: snap?.gpus.length ?? 0,
      alerts: feed.alerts().length,
      kernel: feed.kernel().length,
    });
    if (!layout || !sameLayout(layout, next)) layout = next;
    return layout;
  }

  const dialogInput = (): DialogInput => ({
    keymap: opts.keymap,
    theme: themeOf(state.theme),
    tr,
    now: now(),
    aiEnabled: config.ai.enabled,
    state,
  });

  /** Saved settings go to tui.json when one of them changed. */
  function persist(): void {
    const next = JSON.stringify(viewOf(state));
    if (next === saved) return;
    saved = next;
    opts.saveView?.(viewOf(state));
  }

  function update(change: (s: UiState) => UiState): void {
    state = change(state);
    frames.request();
  }

  function select(next: UiState): void {
    if (next !== state) update(() => next);
    persist();
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
    ...recorded(feed, history, () => state, update),
  };

  function dispatch(cmd: CommandId): void {
    const before = state.threads;
    const step = reduce(state, cmd, contextOf(state, feed, currentLayout(), dialogInput()));
    state = step.state;
    if (step.effect) runEffect(step.effect, state, effects);
    if (state.threads && !before) readThreads();
    if (!state.threads && before) feed.setThreads(null);
    persist();
    frames.request();
  }

  function press(key: string, ch?: string): void {
    const action = keyAction(state, opts.keymap, key, ch);
    if (action?.type === 'quit') opts.onQuit();
    else if (action?.type === 'command') dispatch(action.cmd);
    else if (action?.type === 'unknown') update((s) => unknownKey(s, opts.keymap, action.key));
    else if (action?.type === 'type') {
      const ctx = contextOf(state, feed, currentLayout(), dialogInput());
      update((s) => typeIntoFilter(s, action.text, ctx));
    }
  }

  function renderNow(): void {
    frames.served();
    if (destroyed) return;
    renderCount++;
    const at = currentLayout();
    view.place(at);
    const theme = themeOf(state.theme);
    if (chrome !== state.theme) {
      chrome = state.theme;
      view.chrome(theme.chrome);
    }
    state = settle(state, feed, at);
    history.paint(state, theme, tr, opts.keymap);
    view.paint(
      renderScreen({
        ...dialogInput(),
        ...fromFeed(feed, state),
        theme,
        layout: at,
        state,
        mode: config.general.mode,
        intervalSecs: config.general.interval_secs,
        ai: opts.ports.aiState(),
        logLine: opts.logLine?.() ?? null,
        tableLines,
      }),
    );
    frames.animate(waiting(state));
  }

  view.listen({
    press,
    resize: () => frames.request(),
    command: dispatch,
    clickRow: (line) => select(clickRow(state, feed.rows(state), line)),
    clickHeader: (x) => select(clickHeader(state, x, currentLayout(), feed.gpuMemory())),
    clickAlert: (line) => select(clickAlert(state, feed.alerts(), line, currentLayout())),
  });
  const unsubscribe = opts.engine.subscribe((e) => {
    if (!feed.take(e, state.paused)) return;
    if (e.type === 'snapshot' && !state.paused) readThreads();
    frames.request();
  });
  frames.request();
  if (opts.replayAt !== undefined) state = startReplay(state, opts.replayAt, effects);

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
