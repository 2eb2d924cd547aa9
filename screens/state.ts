// The TUI's state and how commands change it. Pure: (state, command, context) → (state, effect).
// Effects (kill, explain, quit…) are carried out by the controller, which feeds results back in.
import type { CommandId } from '../keymaps/commands.ts';
import type { ProposalCheck } from '../src/ai/proposals.ts';
import type { Alert, ProcessSnapshot } from '../src/core/types.ts';
import {
  defaultDesc,
  indexOfKey,
  type ProcessRow,
  procKey,
  SORT_KEYS,
  type SortKey,
  scrollFor,
} from './processes.ts';

export const SIGNALS = [
  'SIGTERM',
  'SIGKILL',
  'SIGINT',
  'SIGHUP',
  'SIGQUIT',
  'SIGSTOP',
  'SIGCONT',
  'SIGUSR1',
  'SIGUSR2',
] as const;
export type SignalName = (typeof SIGNALS)[number];

export interface ProcessTarget {
  pid: number;
  startTicks: number;
  name: string;
  cmdline: string;
  user: string;
  rssBytes: number;
}

export type ActionRisk = 'safe' | 'moderate' | 'dangerous';

/** One proposed action in the explain modal (from the AI's answer or the local explanation). */
export interface ExplainAction {
  type: string;
  target: string;
  command: string;
  /** The model's own rating: shown as its claim, never as Vigil's judgement. */
  risk: ActionRisk;
  explanation: string;
  /** Vigil's check of the proposal (policy verdict, the real process); absent: unverified. */
  check?: ProposalCheck;
}

/** What the explain modal shows once the answer is in. */
export interface ExplainView {
  source: 'ai' | 'local';
  title: string;
  diagnostic: string;
  severity: string | null;
  /** Facts shown under the diagnosis (what it is, who started it, what it costs…). */
  facts: string[];
  actions: ExplainAction[];
  prevention: string;
  /** Why the AI was not used (off, no key, cooldown, error…), when it was not. */
  note: string | null;
}

export interface KillResultView {
  ok: boolean;
  outcome: string;
  reason: string;
}

export type Modal =
  | { kind: 'help'; scroll: number }
  | { kind: 'details'; alert: Alert | null; proc: ProcessSnapshot | null; scroll: number }
  | {
      kind: 'kill';
      target: ProcessTarget;
      signal: number;
      step: 'choose' | 'confirm' | 'sending' | 'result';
      result: KillResultView | null;
    }
  | {
      kind: 'explain';
      subject: { pid: number; startTicks: number; name: string } | { alert: Alert };
      status: 'waiting' | 'done';
      view: ExplainView | null;
      scroll: number;
      action: number;
      /** Applying the selected action: asking, sending, or its result. */
      apply: { step: 'confirm' | 'sending' | 'result'; text: string } | null;
      startedAt: number;
    };

export interface UiState {
  focus: 'processes' | 'alerts';
  sort: SortKey;
  desc: boolean;
  tree: boolean;
  /** Kernel threads are hidden unless toggled on (htop's `K`). */
  kernelThreads: boolean;
  filter: string;
  /** Typing into the filter line. */
  input: boolean;
  selectedKey: string | null;
  /** Where the selection was, to land nearby when the selected process goes away. */
  selectedIndex: number;
  scroll: number;
  followKey: string | null;
  alertIndex: number;
  paused: boolean;
  modal: Modal | null;
  /** One transient line for the status bar (result of the last command). */
  message: string | null;
}

export function initialState(): UiState {
  return {
    focus: 'processes',
    sort: 'cpu',
    desc: true,
    tree: false,
    kernelThreads: false,
    filter: '',
    input: false,
    selectedKey: null,
    selectedIndex: 0,
    scroll: 0,
    followKey: null,
    alertIndex: 0,
    paused: false,
    modal: null,
    message: null,
  };
}

export type Effect =
  | { type: 'quit' }
  | { type: 'redraw' }
  | { type: 'reload' }
  | { type: 'explain'; subject: { pid: number; startTicks: number } | { alert: Alert } }
  | { type: 'kill'; target: ProcessTarget; signal: SignalName }
  | { type: 'apply'; action: ExplainAction; subject: { pid: number; startTicks: number } | { alert: Alert } };

export interface Context {
  rows: readonly ProcessRow[];
  alerts: readonly Alert[];
  /** Visible process rows (table height minus the header). */
  page: number;
  /** Visible lines in a modal body. */
  modalPage: number;
  /** Lines in the current modal body, to bound scrolling. */
  modalLines: number;
  now: number;
}

export interface Step {
  state: UiState;
  effect?: Effect;
}

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

function moveTo(state: UiState, ctx: Context, index: number): UiState {
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

function currentIndex(state: UiState, ctx: Context): number {
  if (state.focus === 'alerts') return state.alertIndex;
  const i = indexOfKey(ctx.rows, state.selectedKey);
  return i < 0 ? state.selectedIndex : i;
}

export function selectedProcess(state: UiState, ctx: Pick<Context, 'rows'>): ProcessSnapshot | null {
  const i = indexOfKey(ctx.rows, state.selectedKey);
  return i < 0 ? null : ctx.rows[i]!.proc;
}

function target(p: ProcessSnapshot): ProcessTarget {
  return {
    pid: p.pid,
    startTicks: p.startTicks,
    name: p.name,
    cmdline: p.cmdline,
    user: p.user,
    rssBytes: p.rssBytes,
  };
}

function setSort(state: UiState, sort: SortKey): UiState {
  return { ...state, sort, desc: defaultDesc(sort) };
}

/** Apply one command. */
export function reduce(state: UiState, cmd: CommandId, ctx: Context): Step {
  if (state.modal) return reduceModal(state, state.modal, cmd, ctx);
  if (state.input) return reduceInput(state, cmd);
  const s = { ...state, message: null };
  switch (cmd) {
    case 'quit':
      return { state: s, effect: { type: 'quit' } };
    case 'help':
      return { state: { ...s, modal: { kind: 'help', scroll: 0 } } };
    case 'up':
      return { state: moveTo(s, ctx, currentIndex(s, ctx) - 1) };
    case 'down':
      return { state: moveTo(s, ctx, currentIndex(s, ctx) + 1) };
    case 'page_up':
      return { state: moveTo(s, ctx, currentIndex(s, ctx) - Math.max(1, ctx.page)) };
    case 'page_down':
      return { state: moveTo(s, ctx, currentIndex(s, ctx) + Math.max(1, ctx.page)) };
    case 'home':
      return { state: moveTo(s, ctx, 0) };
    case 'end':
      return { state: moveTo(s, ctx, Number.MAX_SAFE_INTEGER) };
    case 'focus_next':
      return { state: { ...s, focus: s.focus === 'processes' ? 'alerts' : 'processes' } };
    case 'select': {
      if (s.focus === 'alerts') {
        const a = ctx.alerts[s.alertIndex];
        if (!a) return { state: s };
        return { state: { ...s, modal: { kind: 'details', alert: a, proc: null, scroll: 0 } } };
      }
      const p = selectedProcess(s, ctx);
      if (!p) return { state: s };
      return { state: { ...s, modal: { kind: 'details', alert: null, proc: p, scroll: 0 } } };
    }
    case 'filter':
      return { state: { ...s, input: true, focus: 'processes' } };
    case 'clear_filter':
      return { state: { ...s, filter: '', followKey: null } };
    case 'tree':
      return { state: { ...s, tree: !s.tree } };
    case 'kernel_threads':
      return { state: { ...s, kernelThreads: !s.kernelThreads } };
    case 'sort_next':
    case 'sort_prev': {
      const i = SORT_KEYS.indexOf(s.sort);
      const n = SORT_KEYS.length;
      const next = SORT_KEYS[(i + (cmd === 'sort_next' ? 1 : n - 1)) % n]!;
      return { state: setSort(s, next) };
    }
    case 'sort_cpu':
      return { state: setSort(s, 'cpu') };
    case 'sort_mem':
      return { state: setSort(s, 'mem') };
    case 'sort_pid':
      return { state: setSort(s, 'pid') };
    case 'sort_invert':
      return { state: { ...s, desc: !s.desc } };
    case 'follow': {
      if (s.followKey) return { state: { ...s, followKey: null, message: 'tui.follow.off' } };
      const p = selectedProcess(s, ctx);
      return p ? { state: { ...s, followKey: procKey(p), message: 'tui.follow.on' } } : { state: s };
    }
    case 'kill': {
      const p = selectedProcess(s, ctx);
      if (!p || s.focus !== 'processes') return { state: { ...s, message: 'tui.kill.noSelection' } };
      return {
        state: { ...s, modal: { kind: 'kill', target: target(p), signal: 0, step: 'choose', result: null } },
      };
    }
    case 'explain': {
      if (s.focus === 'alerts') {
        const a = ctx.alerts[s.alertIndex];
        if (!a) return { state: s };
        return openExplain(s, { alert: a }, ctx.now);
      }
      const p = selectedProcess(s, ctx);
      if (!p) return { state: { ...s, message: 'tui.kill.noSelection' } };
      return openExplain(s, { pid: p.pid, startTicks: p.startTicks, name: p.name }, ctx.now);
    }
    case 'pause':
      return { state: { ...s, paused: !s.paused, message: s.paused ? 'tui.resumed' : 'tui.paused' } };
    case 'reload_config':
      return { state: s, effect: { type: 'reload' } };
    case 'redraw':
      return { state: s, effect: { type: 'redraw' } };
    default:
      return { state };
  }
}

function openExplain(
  s: UiState,
  subject: { pid: number; startTicks: number; name: string } | { alert: Alert },
  now: number,
): Step {
  const effectSubject = 'alert' in subject ? subject : { pid: subject.pid, startTicks: subject.startTicks };
  return {
    state: {
      ...s,
      modal: {
        kind: 'explain',
        subject,
        status: 'waiting',
        view: null,
        scroll: 0,
        action: 0,
        apply: null,
        startedAt: now,
      },
    },
    effect: { type: 'explain', subject: effectSubject },
  };
}

function reduceInput(state: UiState, cmd: CommandId): Step {
  switch (cmd) {
    case 'input_accept':
      return { state: { ...state, input: false } };
    case 'input_cancel':
      return { state: { ...state, input: false, filter: '' } };
    case 'input_erase':
      return { state: { ...state, filter: [...state.filter].slice(0, -1).join('') } };
    default:
      return { state };
  }
}

/** Text typed into the filter line. */
export function typeIntoFilter(state: UiState, text: string): UiState {
  if (!state.input) return state;
  return { ...state, filter: (state.filter + text).slice(0, 200), selectedIndex: 0 };
}

function scrollBy(modalScroll: number, delta: number, ctx: Context): number {
  const max = Math.max(0, ctx.modalLines - ctx.modalPage);
  return Math.max(0, Math.min(max, modalScroll + delta));
}

function reduceModal(state: UiState, m: Modal, cmd: CommandId, ctx: Context): Step {
  const close = { state: { ...state, modal: null } };
  const set = (modal: Modal): Step => ({ state: { ...state, modal } });
  switch (m.kind) {
    case 'help':
    case 'details':
      if (cmd === 'modal_close' || cmd === 'modal_confirm' || cmd === 'modal_no') return close;
      if (cmd === 'modal_up') return set({ ...m, scroll: scrollBy(m.scroll, -1, ctx) });
      if (cmd === 'modal_down') return set({ ...m, scroll: scrollBy(m.scroll, 1, ctx) });
      if (cmd === 'modal_page_up') return set({ ...m, scroll: scrollBy(m.scroll, -ctx.modalPage, ctx) });
      if (cmd === 'modal_page_down') return set({ ...m, scroll: scrollBy(m.scroll, ctx.modalPage, ctx) });
      return { state };
    case 'kill': {
      if (m.step === 'sending') return { state }; // wait for the result; nothing to cancel
      if (m.step === 'result')
        return cmd === 'modal_close' || cmd === 'modal_confirm' || cmd === 'modal_no' ? close : { state };
      if (m.step === 'choose') {
        if (cmd === 'modal_close' || cmd === 'modal_no') return close;
        if (cmd === 'modal_up')
          return set({ ...m, signal: (m.signal + SIGNALS.length - 1) % SIGNALS.length });
        if (cmd === 'modal_down') return set({ ...m, signal: (m.signal + 1) % SIGNALS.length });
        if (cmd === 'modal_confirm') return set({ ...m, step: 'confirm' });
        return { state };
      }
      // confirm
      if (cmd === 'modal_yes') {
        return {
          state: { ...state, modal: { ...m, step: 'sending' } },
          effect: { type: 'kill', target: m.target, signal: SIGNALS[m.signal]! },
        };
      }
      if (cmd === 'modal_no' || cmd === 'modal_close') return set({ ...m, step: 'choose' });
      return { state };
    }
    case 'explain': {
      if (m.apply) {
        if (m.apply.step === 'sending') return { state };
        if (m.apply.step === 'result') {
          return cmd === 'modal_close' || cmd === 'modal_confirm' || cmd === 'modal_no'
            ? set({ ...m, apply: null })
            : { state };
        }
        if (cmd === 'modal_yes') {
          const action = m.view?.actions[m.action];
          if (!action) return set({ ...m, apply: null });
          const subject =
            'alert' in m.subject ? m.subject : { pid: m.subject.pid, startTicks: m.subject.startTicks };
          return {
            state: { ...state, modal: { ...m, apply: { step: 'sending', text: '' } } },
            effect: { type: 'apply', action, subject },
          };
        }
        if (cmd === 'modal_no' || cmd === 'modal_close') return set({ ...m, apply: null });
        return { state };
      }
      if (cmd === 'modal_close' || cmd === 'modal_no') return close;
      const actions = m.view?.actions.length ?? 0;
      if (cmd === 'modal_up') {
        return actions > 0
          ? set({ ...m, action: Math.max(0, m.action - 1) })
          : set({ ...m, scroll: scrollBy(m.scroll, -1, ctx) });
      }
      if (cmd === 'modal_down') {
        return actions > 0
          ? set({ ...m, action: Math.min(actions - 1, m.action + 1) })
          : set({ ...m, scroll: scrollBy(m.scroll, 1, ctx) });
      }
      if (cmd === 'modal_page_up') return set({ ...m, scroll: scrollBy(m.scroll, -ctx.modalPage, ctx) });
      if (cmd === 'modal_page_down') return set({ ...m, scroll: scrollBy(m.scroll, ctx.modalPage, ctx) });
      if (cmd === 'modal_apply' || cmd === 'modal_confirm') {
        const action = m.view?.actions[m.action];
        if (!action) return { state };
        if (!isApplicable(action)) {
          return set({ ...m, apply: { step: 'result', text: 'tui.explain.notApplicable' } });
        }
        return set({ ...m, apply: { step: 'confirm', text: '' } });
      }
      return { state };
    }
  }
}

/** Only a kill Vigil's policy allows (never the model's own rating) can be applied from the TUI. */
export function isApplicable(a: ExplainAction): boolean {
  return a.check?.kind === 'kill' && a.check.allowed && a.check.target !== null;
}

/** Fold an effect's result back into the state. */
export function killFinished(state: UiState, result: KillResultView): UiState {
  const m = state.modal;
  if (m?.kind !== 'kill') return state;
  return { ...state, modal: { ...m, step: 'result', result } };
}

export function explainFinished(state: UiState, startedAt: number, view: ExplainView): UiState {
  const m = state.modal;
  if (m?.kind !== 'explain' || m.startedAt !== startedAt) return state;
  return { ...state, modal: { ...m, status: 'done', view, scroll: 0, action: 0 } };
}

export function applyFinished(state: UiState, startedAt: number, text: string): UiState {
  const m = state.modal;
  if (m?.kind !== 'explain' || m.startedAt !== startedAt) return state;
  return { ...state, modal: { ...m, apply: { step: 'result', text } } };
}
