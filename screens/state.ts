// The TUI's reducer: (state, command, context) → (state, effect). Pure. Effects (kill, renice,
// explain, quit…) are carried out by the controller, which feeds results back in. The state's
// types are in model.ts; each concern has its module: selection.ts (moving and keeping the
// cursor), tags.ts (Space / c / U), search.ts (the filter and search line), reduce-modal.ts
// (the dialogs).
import type { CommandId } from '../keymaps/commands.ts';
import type { Alert } from '../src/core/types.ts';
import { openGroupKill } from './group-kill.ts';
import type { Context, Step, UiState } from './model.ts';
import { defaultDesc, procKey, SORT_KEYS, type SortKey } from './processes.ts';
import { reduceHistory } from './reduce-history.ts';
import { reduceModal } from './reduce-modal.ts';
import { reduceReplay } from './reduce-replay.ts';
import { findNext, openInput, reduceInput } from './search.ts';
import { currentIndex, moveTo, selectedProcess } from './selection.ts';
import { actionTargets, tagWithChildren, toggleTag, untagAll } from './tags.ts';

export * from './model.ts';
export { applyFinished, explainFinished, isApplicable, killFinished } from './reduce-modal.ts';
export { typeIntoFilter } from './search.ts';
export { clampAlert, reconcile, selectedProcess } from './selection.ts';

/** How far ← / → move the command column. */
const SCROLL_STEP = 8;

function setSort(state: UiState, sort: SortKey): UiState {
  return { ...state, sort, desc: defaultDesc(sort) };
}

function openExplain(
  s: UiState,
  subject: { pid: number; startTicks: number; name: string } | { alert: Alert },
  now: number,
): Step {
  const effectSubject = 'alert' in subject ? subject : { pid: subject.pid, startTicks: subject.startTicks };
  const modal = { kind: 'explain' as const, subject, status: 'waiting' as const, view: null };
  return {
    state: { ...s, modal: { ...modal, scroll: 0, action: 0, apply: null, startedAt: now } },
    effect: { type: 'explain', subject: effectSubject },
  };
}

function reduceNavigation(s: UiState, cmd: CommandId, ctx: Context): UiState | null {
  const at = () => currentIndex(s, ctx);
  switch (cmd) {
    case 'up':
      return moveTo(s, ctx, at() - 1);
    case 'down':
      return moveTo(s, ctx, at() + 1);
    case 'page_up':
      return moveTo(s, ctx, at() - Math.max(1, ctx.page));
    case 'page_down':
      return moveTo(s, ctx, at() + Math.max(1, ctx.page));
    case 'home':
      return moveTo(s, ctx, 0);
    case 'end':
      return moveTo(s, ctx, Number.MAX_SAFE_INTEGER);
    case 'focus_next':
      return { ...s, focus: s.focus === 'processes' ? 'alerts' : 'processes' };
    case 'scroll_left':
      return { ...s, commandScroll: Math.max(0, s.commandScroll - SCROLL_STEP) };
    case 'scroll_right': {
      const max = Math.max(0, ctx.commandOverflow ?? Number.MAX_SAFE_INTEGER);
      return { ...s, commandScroll: Math.min(max, s.commandScroll + SCROLL_STEP) };
    }
    default:
      return null;
  }
}

function reduceView(s: UiState, cmd: CommandId, ctx: Context): UiState | null {
  switch (cmd) {
    case 'help':
      return { ...s, modal: { kind: 'help', scroll: 0 } };
    case 'setup':
      return { ...s, modal: { kind: 'setup', index: 0, scroll: 0 } };
    case 'filter':
      return openInput(s, 'filter');
    case 'search':
      return openInput(s, 'search');
    case 'search_next':
      return findNext(s, ctx, 1);
    case 'clear_filter':
      return { ...s, filter: '', user: null, followKey: null };
    case 'user_filter': {
      const users = [...new Set((ctx.processes ?? ctx.rows.map((r) => r.proc)).map((p) => p.user))].sort();
      const index = s.user === null ? 0 : users.indexOf(s.user) + 1;
      return { ...s, modal: { kind: 'users', users, index, scroll: 0 } };
    }
    case 'tree':
      return { ...s, tree: !s.tree };
    case 'kernel_threads':
      return { ...s, kernelThreads: !s.kernelThreads };
    case 'threads':
      return { ...s, threads: !s.threads, message: s.threads ? 'tui.threads.off' : 'tui.threads.on' };
    case 'sort_next':
    case 'sort_prev': {
      const i = SORT_KEYS.indexOf(s.sort);
      const n = SORT_KEYS.length;
      return setSort(s, SORT_KEYS[(i + (cmd === 'sort_next' ? 1 : n - 1)) % n]!);
    }
    case 'sort_cpu':
      return setSort(s, 'cpu');
    case 'sort_mem':
      return setSort(s, 'mem');
    case 'sort_pid':
      return setSort(s, 'pid');
    case 'sort_time':
      return setSort(s, 'time');
    case 'sort_invert':
      return { ...s, desc: !s.desc };
    case 'tag':
      return toggleTag(s, ctx);
    case 'tag_children':
      return tagWithChildren(s, ctx);
    case 'untag_all':
      return untagAll(s);
    case 'pause':
      return { ...s, paused: !s.paused, message: s.paused ? 'tui.resumed' : 'tui.paused' };
    default:
      return null;
  }
}

function reduceAction(s: UiState, cmd: CommandId, ctx: Context): Step {
  switch (cmd) {
    case 'quit':
      return { state: s, effect: { type: 'quit' } };
    case 'reload_config':
      return { state: s, effect: { type: 'reload' } };
    case 'redraw':
      return { state: s, effect: { type: 'redraw' } };
    case 'select': {
      if (s.focus === 'alerts') {
        const a = ctx.alerts[s.alertIndex];
        return { state: a ? { ...s, modal: { kind: 'details', alert: a, proc: null, scroll: 0 } } : s };
      }
      const p = selectedProcess(s, ctx);
      return { state: p ? { ...s, modal: { kind: 'details', alert: null, proc: p, scroll: 0 } } : s };
    }
    case 'follow': {
      if (s.followKey) return { state: { ...s, followKey: null, message: 'tui.follow.off' } };
      const p = selectedProcess(s, ctx);
      return { state: p ? { ...s, followKey: procKey(p), message: 'tui.follow.on' } : s };
    }
    case 'kill': {
      // On the alert sidebar: the selected storm or duplicate group, as one action.
      if (s.focus === 'alerts') return openGroupKill(s, ctx);
      const targets = actionTargets(s, ctx);
      if (targets.length === 0) return { state: { ...s, message: 'tui.kill.noSelection' } };
      const modal = {
        kind: 'kill' as const,
        targets,
        signal: 0,
        step: 'choose' as const,
        results: [],
        scroll: 0,
      };
      return { state: { ...s, modal } };
    }
    case 'renice_lower':
    case 'renice_raise': {
      const targets = s.focus === 'processes' ? actionTargets(s, ctx) : [];
      if (targets.length === 0) return { state: { ...s, message: 'tui.kill.noSelection' } };
      // F7 lowers the nice value (more CPU; needs privilege), F8 raises it (less CPU).
      return { state: s, effect: { type: 'renice', targets, delta: cmd === 'renice_lower' ? -1 : 1 } };
    }
    case 'explain': {
      if (s.focus === 'alerts') {
        const a = ctx.alerts[s.alertIndex];
        return a ? openExplain(s, { alert: a }, ctx.now) : { state: s };
      }
      const p = selectedProcess(s, ctx);
      if (!p) return { state: { ...s, message: 'tui.kill.noSelection' } };
      return openExplain(s, { pid: p.pid, startTicks: p.startTicks, name: p.name }, ctx.now);
    }
    default:
      return { state: s };
  }
}

/** Apply one command. */
export function reduce(state: UiState, cmd: CommandId, ctx: Context): Step {
  if (state.history) return reduceHistory(state, state.history, cmd);
  if (state.modal) return reduceModal(state, state.modal, cmd, ctx);
  if (state.input) return reduceInput(state, cmd, ctx);
  const s: UiState = { ...state, message: null };
  delete s.messageParams;
  const replayed = reduceReplay(s, cmd, ctx.now);
  if (replayed) return replayed;
  const moved = reduceNavigation(s, cmd, ctx) ?? reduceView(s, cmd, ctx);
  return moved ? { state: moved } : reduceAction(s, cmd, ctx);
}
