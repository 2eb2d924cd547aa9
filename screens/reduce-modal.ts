// How commands change a dialog (help, details, kill, explain, users, setup), and how results of
// effects are folded back in. Pure.
import type { CommandId } from '../keymaps/commands.ts';
import { COLUMN_IDS, type ColumnId } from './columns.ts';
import {
  type Context,
  type ExplainAction,
  type ExplainView,
  type KillResultView,
  type Modal,
  type SetupItem,
  SIGNALS,
  type Step,
  type UiState,
} from './model.ts';
import { THEMES } from './theme.ts';

/** The setup dialog's lines: the theme, then each optional column. */
export const SETUP_ITEMS: readonly SetupItem[] = [
  { kind: 'theme' },
  ...COLUMN_IDS.map((id): SetupItem => ({ kind: 'column', id })),
];

function scrollBy(modalScroll: number, delta: number, ctx: Context): number {
  const max = Math.max(0, ctx.modalLines - ctx.modalPage);
  return Math.max(0, Math.min(max, modalScroll + delta));
}

const closing = (cmd: CommandId) => cmd === 'modal_close' || cmd === 'modal_confirm' || cmd === 'modal_no';

/** Up and down through `n` choices. */
function choice(index: number, cmd: CommandId, n: number): number | null {
  if (cmd === 'modal_up') return (index + n - 1) % n;
  if (cmd === 'modal_down') return (index + 1) % n;
  return null;
}

function toggleColumn(columns: readonly ColumnId[], id: ColumnId): ColumnId[] {
  // Shown columns keep the canonical order, whatever order they were switched on in.
  const on = columns.includes(id) ? columns.filter((c) => c !== id) : [...columns, id];
  return COLUMN_IDS.filter((c) => on.includes(c));
}

function reduceSetup(state: UiState, m: Extract<Modal, { kind: 'setup' }>, cmd: CommandId): Step {
  if (cmd === 'modal_close' || cmd === 'modal_no') return { state: { ...state, modal: null } };
  const moved = choice(m.index, cmd, SETUP_ITEMS.length);
  if (moved !== null) return { state: { ...state, modal: { ...m, index: moved } } };
  if (cmd !== 'modal_confirm' && cmd !== 'modal_yes') return { state };
  const item = SETUP_ITEMS[m.index]!;
  if (item.kind === 'theme') {
    const theme = THEMES[(THEMES.indexOf(state.theme) + 1) % THEMES.length]!;
    return { state: { ...state, theme } };
  }
  return { state: { ...state, columns: toggleColumn(state.columns, item.id) } };
}

function reduceUsers(state: UiState, m: Extract<Modal, { kind: 'users' }>, cmd: CommandId): Step {
  if (cmd === 'modal_close' || cmd === 'modal_no') return { state: { ...state, modal: null } };
  const moved = choice(m.index, cmd, m.users.length + 1);
  if (moved !== null) return { state: { ...state, modal: { ...m, index: moved } } };
  if (cmd !== 'modal_confirm') return { state };
  // Line 0 is "all users".
  const user = m.index === 0 ? null : (m.users[m.index - 1] ?? null);
  return { state: { ...state, modal: null, user, selectedIndex: 0, followKey: null } };
}

function reduceKill(state: UiState, m: Extract<Modal, { kind: 'kill' }>, cmd: CommandId, ctx: Context): Step {
  const set = (modal: Modal): Step => ({ state: { ...state, modal } });
  if (m.step === 'sending') return { state }; // wait for the result; nothing to cancel
  if (m.step === 'result') {
    if (cmd === 'modal_up' || cmd === 'modal_down')
      return set({ ...m, scroll: scrollBy(m.scroll, cmd === 'modal_up' ? -1 : 1, ctx) });
    // Killed processes leave the tags with the dialog.
    return closing(cmd) ? { state: { ...state, modal: null, tagged: new Set() } } : { state };
  }
  if (m.step === 'choose') {
    if (cmd === 'modal_close' || cmd === 'modal_no') return { state: { ...state, modal: null } };
    const moved = choice(m.signal, cmd, SIGNALS.length);
    if (moved !== null) return set({ ...m, signal: moved });
    if (cmd === 'modal_confirm') return set({ ...m, step: 'confirm' });
    return { state };
  }
  if (cmd === 'modal_yes') {
    const signal = SIGNALS[m.signal]!;
    return {
      state: { ...state, modal: { ...m, step: 'sending' } },
      effect: m.group
        ? { type: 'kill_group', group: m.group, targets: m.targets, signal }
        : { type: 'kill', targets: m.targets, signal },
    };
  }
  if (cmd === 'modal_no' || cmd === 'modal_close') return set({ ...m, step: 'choose' });
  if (cmd === 'modal_page_up' || cmd === 'modal_page_down')
    return set({ ...m, scroll: scrollBy(m.scroll, (cmd === 'modal_page_up' ? -1 : 1) * ctx.modalPage, ctx) });
  return { state };
}

function reduceExplain(
  state: UiState,
  m: Extract<Modal, { kind: 'explain' }>,
  cmd: CommandId,
  ctx: Context,
): Step {
  const set = (modal: Modal): Step => ({ state: { ...state, modal } });
  if (m.apply) {
    if (m.apply.step === 'sending') return { state };
    if (m.apply.step === 'result') return closing(cmd) ? set({ ...m, apply: null }) : { state };
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
  if (cmd === 'modal_close' || cmd === 'modal_no') return { state: { ...state, modal: null } };
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
    if (!isApplicable(action))
      return set({ ...m, apply: { step: 'result', text: 'tui.explain.notApplicable' } });
    return set({ ...m, apply: { step: 'confirm', text: '' } });
  }
  return { state };
}

export function reduceModal(state: UiState, m: Modal, cmd: CommandId, ctx: Context): Step {
  switch (m.kind) {
    case 'help':
    case 'details': {
      const set = (scroll: number): Step => ({ state: { ...state, modal: { ...m, scroll } } });
      if (closing(cmd)) return { state: { ...state, modal: null } };
      if (cmd === 'modal_up') return set(scrollBy(m.scroll, -1, ctx));
      if (cmd === 'modal_down') return set(scrollBy(m.scroll, 1, ctx));
      if (cmd === 'modal_page_up') return set(scrollBy(m.scroll, -ctx.modalPage, ctx));
      if (cmd === 'modal_page_down') return set(scrollBy(m.scroll, ctx.modalPage, ctx));
      return { state };
    }
    case 'kill':
      return reduceKill(state, m, cmd, ctx);
    case 'explain':
      return reduceExplain(state, m, cmd, ctx);
    case 'users':
      return reduceUsers(state, m, cmd);
    case 'setup':
      return reduceSetup(state, m, cmd);
  }
}

/** Only a kill Vigil's policy allows (never the model's own rating) can be applied from the TUI. */
export function isApplicable(a: ExplainAction): boolean {
  return a.check?.kind === 'kill' && a.check.allowed && a.check.target !== null;
}

/** Fold an effect's result back into the state. */
export function killFinished(state: UiState, results: KillResultView[]): UiState {
  const m = state.modal;
  if (m?.kind !== 'kill') return state;
  return { ...state, modal: { ...m, step: 'result', results, scroll: 0 } };
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
