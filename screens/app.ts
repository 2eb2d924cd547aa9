// The TUI shell: a blessed screen with one box per pane, a modal box and a status line. It only
// subscribes to the engine and calls the ports it is given (kill, explain, reload); it never
// reads /proc itself. Rendering is coalesced: at most one render per engine tick and per key.
import blessed from 'blessed';
import type { CommandId } from '../keymaps/commands.ts';
import { commandFor, firstKey, type Keymap, keyFromPress } from '../keymaps/keymap.ts';
import type { VigilConfig } from '../src/config/types.ts';
import type { Alert, AlertEvent, EngineEvent, EngineListener, Snapshot } from '../src/core/types.ts';
import { type Params, translator } from '../src/i18n/index.ts';
import { renderAlerts, sidebarAlerts } from './alerts.ts';
import { renderCpu } from './cpu.ts';
import { renderDetails } from './details.ts';
import type { DialogView } from './dialog.ts';
import { renderDisks } from './disks.ts';
import { renderExplain } from './explain.ts';
import { renderGpu } from './gpu.ts';
import { renderHelp } from './help.ts';
import { renderKill } from './kill.ts';
import { computeLayout, inner, type Layout, type PaneName, type Rect } from './layout.ts';
import { renderMemory } from './memory.ts';
import { renderNetwork } from './network.ts';
import { type ProcessRow, processRows, renderProcessTable } from './processes.ts';
import {
  applyFinished,
  type Context,
  type Effect,
  type ExplainAction,
  type ExplainView,
  explainFinished,
  initialState,
  type KillResultView,
  killFinished,
  type ProcessTarget,
  reconcile,
  reduce,
  type SignalName,
  typeIntoFilter,
  type UiState,
} from './state.ts';
import { type AiState, renderStatus } from './status.ts';
import { makeTheme } from './theme.ts';
import type { PaneInput } from './view.ts';

/** What the app may ask of the outside world. Every call is async and must never throw. */
export interface Ports {
  kill(target: ProcessTarget, signal: SignalName): Promise<KillResultView>;
  explain(subject: { pid: number; startTicks: number } | { alert: Alert }): Promise<ExplainView>;
  apply(
    action: ExplainAction,
    subject: { pid: number; startTicks: number } | { alert: Alert },
  ): Promise<string>;
  /** Re-read the config file; returns the message for the status line. */
  reload(): Promise<{ config: VigilConfig | null; message: string }>;
  aiState(): AiState;
  /** Release what the ports opened (the store). */
  close?(): void;
}

/** The engine as the TUI sees it: events and recent history, nothing else. */
export interface EngineView {
  subscribe(listener: EngineListener): () => void;
  latest(): Snapshot | undefined;
  history: { all(): readonly Snapshot[] };
}

export interface AppOptions {
  engine: EngineView;
  keymap: Keymap;
  config: VigilConfig;
  color: boolean;
  mouse: boolean;
  ports: Ports;
  /** Last warning from the log, for the status line. */
  logLine?: () => string | null;
  onQuit: () => void;
  /** A screen to draw on (tests: a screen on a PassThrough); default: the terminal. */
  screen?: blessed.Widgets.Screen;
  now?: () => number;
}

export interface App {
  screen: blessed.Widgets.Screen;
  /** Run a command as if its key was pressed. */
  dispatch(cmd: CommandId): void;
  /** A key press by canonical name (`f9`, `k`, `enter`…). */
  press(key: string): void;
  state(): UiState;
  /** Rows of the process table as last rendered. */
  rows(): readonly ProcessRow[];
  /** The alert sidebar's list, newest first, as last rendered. */
  alerts(): readonly Alert[];
  /** Render now (tests); the app itself renders on its own schedule. */
  renderNow(): void;
  renders(): number;
  setConfig(config: VigilConfig): void;
  destroy(): void;
}

const PANES: Exclude<PaneName, 'status'>[] = [
  'cpu',
  'memory',
  'gpu',
  'disks',
  'network',
  'processes',
  'alerts',
];

export function createApp(opts: AppOptions): App {
  const now = opts.now ?? Date.now;
  let config = opts.config;
  let tr = translator(config.general.language);
  const theme = makeTheme(opts.color);
  const keymap = opts.keymap;
  const screen =
    opts.screen ??
    blessed.screen({
      smartCSR: true,
      // Wide (CJK, emoji) and combining characters take the columns the terminal gives them.
      fullUnicode: true,
      warnings: false,
      autoPadding: false,
      // The title is ours, fixed: nothing from a process ever reaches it.
      title: 'vigil',
      forceUnicode: true,
      sendFocus: false,
    });
  // Draw lines and blocks as UTF-8, never through the terminal's alternate character set: the
  // output stays plain text (tmux capture, logs) and looks the same in every terminal.
  (screen as unknown as { tput: { brokenACS: boolean } }).tput.brokenACS = true;
  const style = opts.color
    ? { border: { fg: 'blue' }, label: { fg: 'cyan', bold: true } }
    : { border: {}, label: { bold: true } };
  const boxes = {} as Record<Exclude<PaneName, 'status'>, blessed.Widgets.BoxElement>;
  for (const name of PANES) {
    boxes[name] = blessed.box({
      parent: screen,
      tags: true,
      border: { type: 'line' },
      label: ` ${tr(`tui.pane.${name}`)} `,
      wrap: false,
      mouse: opts.mouse,
      style: structuredClone(style),
    });
  }
  const status = blessed.box({ parent: screen, tags: true, wrap: false, height: 1 });
  const modal = blessed.box({
    parent: screen,
    tags: true,
    border: { type: 'line' },
    wrap: false,
    hidden: true,
    style: structuredClone(style),
  });

  let state = initialState();
  let shown: Snapshot | undefined = opts.engine.latest();
  const events: AlertEvent[] = [];
  let rowsCache: { snap: Snapshot | undefined; key: string; rows: ProcessRow[] } = {
    snap: undefined,
    key: '',
    rows: [],
  };
  let alertsCache: Alert[] = [];
  let layout: Layout | null = null;
  let scheduled = false;
  let destroyed = false;
  let renderCount = 0;
  let spinner: NodeJS.Timeout | null = null;
  let modalPage = 10;
  let modalLines = 0;
  const lastContent = new Map<unknown, string>();

  const trp = (k: string, p?: Params) => tr(k, p);

  function rows(): ProcessRow[] {
    const key = `${state.sort}|${state.desc}|${state.tree}|${state.kernelThreads}|${state.filter}`;
    if (rowsCache.snap !== shown || rowsCache.key !== key) {
      rowsCache = {
        snap: shown,
        key,
        rows: processRows(shown?.processes ?? [], {
          sort: state.sort,
          desc: state.desc,
          filter: state.filter,
          tree: state.tree,
          kernelThreads: state.kernelThreads,
        }),
      };
    }
    return rowsCache.rows;
  }

  function procPage(): number {
    const r = (layout ?? computeLayout(screen.width as number, screen.height as number)).panes.processes;
    return Math.max(1, inner(r).height - 1);
  }

  function context(): Context {
    return { rows: rows(), alerts: alertsCache, page: procPage(), modalPage, modalLines, now: now() };
  }

  function setContent(el: blessed.Widgets.BoxElement, text: string): void {
    if (lastContent.get(el) === text) return;
    lastContent.set(el, text);
    el.setContent(text);
  }

  function place(el: blessed.Widgets.BoxElement, r: Rect): void {
    el.top = r.top;
    el.left = r.left;
    el.width = r.width;
    el.height = r.height;
  }

  function dialog(): DialogView | null {
    const m = state.modal;
    if (!m || !layout) return null;
    const w = Math.min(layout.cols - 4, 96) - 4;
    switch (m.kind) {
      case 'help':
        return renderHelp(keymap, theme, trp, w);
      case 'details':
        return renderDetails(m, theme, trp, w, firstKey(keymap, 'modal_close'));
      case 'kill':
        return renderKill(m, keymap, theme, trp, w);
      case 'explain':
        return renderExplain(m, keymap, theme, trp, w, now(), config.ai.enabled);
    }
  }

  function renderModal(): void {
    const view = dialog();
    if (!view || !layout) {
      if (!modal.hidden) modal.hide();
      return;
    }
    const w = Math.min(layout.cols - 4, 96);
    const maxH = layout.rows - 2;
    const h = Math.min(maxH, view.body.length + 4);
    modalPage = Math.max(1, h - 4);
    modalLines = view.body.length;
    const m = state.modal!;
    let scroll = 'scroll' in m ? m.scroll : 0;
    if (view.focusLine !== undefined) {
      if (view.focusLine < scroll) scroll = view.focusLine;
      if (view.focusLine >= scroll + modalPage) scroll = view.focusLine - modalPage + 1;
    }
    scroll = Math.max(0, Math.min(scroll, Math.max(0, view.body.length - modalPage)));
    const visible = view.body.slice(scroll, scroll + modalPage);
    while (visible.length < modalPage) visible.push('');
    const more =
      view.body.length > modalPage
        ? ` ${scroll + 1}-${Math.min(view.body.length, scroll + modalPage)}/${view.body.length}`
        : '';
    const content = [...visible.map((l) => ' ' + l), '', ' ' + theme.paint('dim', view.footer + more)].join(
      '\n',
    );
    place(modal, {
      top: Math.max(0, Math.floor((layout.rows - h) / 2)),
      left: Math.floor((layout.cols - w) / 2),
      width: w,
      height: h,
    });
    modal.setLabel(` ${view.title.replace(/[{}]/g, '')} `);
    setContent(modal, content);
    if (modal.hidden) modal.show();
    modal.setFront();
  }

  function renderNow(): void {
    scheduled = false;
    if (destroyed) return;
    renderCount++;
    const cols = screen.width as number;
    const rowsN = screen.height as number;
    const cores = shown?.cpu.perCore.length ?? 1;
    const next = computeLayout(cols, rowsN, cores);
    if (
      !layout ||
      layout.cols !== next.cols ||
      layout.rows !== next.rows ||
      layout.panes.cpu.height !== next.panes.cpu.height
    ) {
      layout = next;
      for (const name of PANES) place(boxes[name], layout.panes[name]);
      status.top = layout.panes.status.top;
      status.left = 0;
      status.width = layout.cols;
    }
    const list = rows();
    const page = procPage();
    state = reconcile(state, list, page);
    alertsCache = sidebarAlerts(shown?.alerts ?? [], events);
    if (state.alertIndex >= alertsCache.length && alertsCache.length > 0) {
      state = { ...state, alertIndex: alertsCache.length - 1 };
    }
    const input: PaneInput = { snapshot: shown, history: opts.engine.history.all(), theme, tr: trp };
    const paneText = (name: 'cpu' | 'memory' | 'gpu' | 'disks' | 'network', f: typeof renderCpu) => {
      const { width, height } = inner(layout!.panes[name]);
      setContent(boxes[name], f(input, width, height).join('\n'));
    };
    paneText('cpu', renderCpu);
    paneText('memory', renderMemory);
    paneText('gpu', renderGpu);
    paneText('disks', renderDisks);
    paneText('network', renderNetwork);
    const pIn = inner(layout.panes.processes);
    setContent(
      boxes.processes,
      renderProcessTable(
        {
          rows: list,
          selectedKey: state.selectedKey,
          scroll: state.scroll,
          sort: state.sort,
          desc: state.desc,
          totalMemBytes: shown?.memory.totalBytes ?? 0,
          focused: state.focus === 'processes',
          followKey: state.followKey,
        },
        theme,
        pIn.width,
        pIn.height,
      ).join('\n'),
    );
    const aIn = inner(layout.panes.alerts);
    const firing = alertsCache.filter((a) => a.state === 'firing').length;
    boxes.alerts.setLabel(` ${tr('tui.pane.alerts')}${firing ? ` (${firing})` : ''} `);
    setContent(
      boxes.alerts,
      renderAlerts(
        {
          alerts: alertsCache,
          selected: state.alertIndex,
          focused: state.focus === 'alerts',
          compact: layout.alertsAs === 'strip',
        },
        theme,
        trp,
        aIn.width,
        aIn.height,
      ).join('\n'),
    );
    setContent(
      status,
      renderStatus(
        {
          state,
          mode: config.general.mode,
          intervalSecs: config.general.interval_secs,
          ai: opts.ports.aiState(),
          processes: shown?.processes.length ?? 0,
          shown: list.length,
          keymap,
          logLine: opts.logLine?.() ?? null,
        },
        theme,
        trp,
        layout.cols,
      ),
    );
    renderModal();
    updateSpinner();
    screen.render();
  }

  function scheduleRender(): void {
    if (scheduled || destroyed) return;
    scheduled = true;
    setImmediate(renderNow);
  }

  // While an explanation is on its way the spinner turns; nothing else renders between ticks.
  function updateSpinner(): void {
    const waiting =
      state.modal?.kind === 'explain' &&
      (state.modal.status === 'waiting' || state.modal.apply?.step === 'sending');
    if (waiting && !spinner) spinner = setInterval(scheduleRender, 200);
    if (!waiting && spinner) {
      clearInterval(spinner);
      spinner = null;
    }
  }

  function runEffect(effect: Effect): void {
    switch (effect.type) {
      case 'quit':
        opts.onQuit();
        return;
      case 'redraw':
        screen.realloc();
        lastContent.clear();
        return;
      case 'reload':
        void opts.ports.reload().then(({ config: next, message }) => {
          if (next) setConfigInner(next);
          state = { ...state, message };
          scheduleRender();
        });
        return;
      case 'kill':
        void opts.ports.kill(effect.target, effect.signal).then((result) => {
          state = killFinished(state, result);
          scheduleRender();
        });
        return;
      case 'explain': {
        const m = state.modal;
        const startedAt = m?.kind === 'explain' ? m.startedAt : 0;
        void opts.ports.explain(effect.subject).then((view) => {
          state = explainFinished(state, startedAt, view);
          scheduleRender();
        });
        return;
      }
      case 'apply': {
        const m = state.modal;
        const startedAt = m?.kind === 'explain' ? m.startedAt : 0;
        void opts.ports.apply(effect.action, effect.subject).then((text) => {
          state = applyFinished(state, startedAt, text);
          scheduleRender();
        });
        return;
      }
    }
  }

  function dispatch(cmd: CommandId): void {
    const step = reduce(state, cmd, context());
    state = step.state;
    if (step.effect) runEffect(step.effect);
    scheduleRender();
  }

  function press(key: string, ch?: string): void {
    if (key === '') return;
    if (key === 'C-c') {
      opts.onQuit();
      return;
    }
    const where = state.modal ? 'modal' : state.input ? 'input' : 'main';
    const cmd = commandFor(keymap, where, key);
    if (cmd) {
      dispatch(cmd);
      return;
    }
    if (where === 'input') {
      const text = ch ?? (key === 'space' ? ' ' : [...key].length === 1 ? key : '');
      if (text && [...text].length === 1) {
        state = typeIntoFilter(state, text);
        scheduleRender();
      }
    }
  }

  screen.on('keypress', (ch: string | undefined, key: blessed.Widgets.Events.IKeyEventArg) => {
    press(keyFromPress(ch, key), ch && [...ch].length === 1 && ch >= ' ' && ch !== '\u007f' ? ch : undefined);
  });
  screen.on('resize', () => {
    layout = null;
    scheduleRender();
  });

  if (opts.mouse) {
    boxes.processes.on('click', (data: { y: number }) => {
      const row = data.y - (boxes.processes.atop as number) - 2;
      const list = rows();
      const i = state.scroll + row;
      if (row >= 0 && i < list.length) {
        state = {
          ...state,
          focus: 'processes',
          selectedKey: list[i]!.key,
          selectedIndex: i,
          followKey: null,
        };
        scheduleRender();
      }
    });
    boxes.processes.on('wheeldown', () => dispatch('down'));
    boxes.processes.on('wheelup', () => dispatch('up'));
    boxes.alerts.on('click', (data: { y: number }) => {
      const per = layout?.alertsAs === 'strip' ? 1 : 2;
      const i = Math.floor((data.y - (boxes.alerts.atop as number) - 1) / per);
      if (i >= 0 && i < alertsCache.length) {
        state = { ...state, focus: 'alerts', alertIndex: i };
        scheduleRender();
      }
    });
  }

  const unsubscribe = opts.engine.subscribe((e: EngineEvent) => {
    if (e.type === 'snapshot') {
      if (!state.paused) shown = e.snapshot;
      scheduleRender();
    } else if (e.type === 'alert') {
      events.push(e.alert);
      if (events.length > 200) events.splice(0, events.length - 200);
      scheduleRender();
    }
  });

  function setConfigInner(next: VigilConfig): void {
    config = next;
    tr = translator(config.general.language);
    for (const name of PANES) boxes[name].setLabel(` ${tr(`tui.pane.${name}`)} `);
    lastContent.clear();
  }

  scheduleRender();

  return {
    screen,
    dispatch,
    press: (key) => press(key),
    state: () => state,
    rows: () => rows(),
    alerts: () => alertsCache,
    renderNow,
    renders: () => renderCount,
    setConfig(next) {
      setConfigInner(next);
      scheduleRender();
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      unsubscribe();
      if (spinner) clearInterval(spinner);
      screen.destroy();
    },
  };
}
