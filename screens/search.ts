// The bottom input line: the filter (`\`, F4: hides what does not match) and htop's incremental
// search (F3, `/`: moves the selection to the next match, hides nothing). Pure.
import type { CommandId } from '../keymaps/commands.ts';
import type { Context, Step, UiState } from './model.ts';
import { matchesFilter } from './processes.ts';
import { currentIndex, moveTo } from './selection.ts';

const MAX_INPUT = 200;

/** The first row at or after `from` (wrapping) that matches the search; -1 when none does. */
export function nextMatch(ctx: Pick<Context, 'rows'>, text: string, from: number): number {
  const n = ctx.rows.length;
  if (!text || n === 0) return -1;
  for (let k = 0; k < n; k++) {
    const i = (((from + k) % n) + n) % n;
    if (matchesFilter(ctx.rows[i]!.proc, text)) return i;
  }
  return -1;
}

/** Move to the next match of the search from `offset` rows past the selection. */
export function findNext(s: UiState, ctx: Context, offset: number): UiState {
  const i = nextMatch(ctx, s.search, currentIndex(s, ctx) + offset);
  if (i < 0) return s.search ? { ...s, message: 'tui.search.none', messageParams: { text: s.search } } : s;
  return moveTo({ ...s, focus: 'processes' }, ctx, i);
}

export function openInput(s: UiState, kind: 'filter' | 'search'): UiState {
  return {
    ...s,
    input: true,
    inputFor: kind,
    focus: 'processes',
    ...(kind === 'search' ? { search: '' } : {}),
  };
}

export function reduceInput(state: UiState, cmd: CommandId, ctx: Context): Step {
  const search = state.inputFor === 'search';
  switch (cmd) {
    case 'input_accept':
      return { state: { ...state, input: false } };
    case 'input_cancel':
      return {
        state: search ? { ...state, input: false, search: '' } : { ...state, input: false, filter: '' },
      };
    case 'input_erase': {
      const cut = (t: string) => [...t].slice(0, -1).join('');
      return {
        state: search ? { ...state, search: cut(state.search) } : { ...state, filter: cut(state.filter) },
      };
    }
    case 'input_next':
      return { state: search ? findNext(state, ctx, 1) : state };
    default:
      return { state };
  }
}

/** Text typed into the input line: the filter narrows the rows, the search moves to a match. */
export function typeIntoFilter(state: UiState, text: string, ctx?: Context): UiState {
  if (!state.input) return state;
  if (state.inputFor === 'search') {
    const next = { ...state, search: (state.search + text).slice(0, MAX_INPUT) };
    return ctx ? findNext(next, ctx, 0) : next;
  }
  return { ...state, filter: (state.filter + text).slice(0, MAX_INPUT), selectedIndex: 0 };
}
