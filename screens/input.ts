// Keys and clicks as UI changes. Pure: what a key does where the user is (a command, typing into
// the input line, Ctrl-C, or a hint for a key that does nothing), and what a click selects or
// sorts.
import type { CommandId } from '../keymaps/commands.ts';
import { commandFor, displayKey, firstKey, type Keymap } from '../keymaps/keymap.ts';
import type { Alert } from '../src/core/types.ts';
import { columnAt } from './columns.ts';
import { inner, type Layout } from './layout.ts';
import type { UiState } from './model.ts';
import { defaultDesc, type ProcessRow } from './processes.ts';
import { tableColumns } from './table.ts';

export type KeyAction =
  | { type: 'quit' }
  | { type: 'command'; cmd: CommandId }
  | { type: 'type'; text: string }
  /** A key bound to nothing here: the status line says so (`unknown key: x — F1 help`). */
  | { type: 'unknown'; key: string };

/** What `key` (with `ch`, the printable character typed, if any) does; null: nothing. */
export function keyAction(state: UiState, keymap: Keymap, key: string, ch?: string): KeyAction | null {
  if (key === '') return null;
  // Ctrl-C always quits, whatever the keymap says.
  if (key === 'C-c') return { type: 'quit' };
  // The history view takes keys as a dialog does.
  const where = state.modal || state.history ? 'modal' : state.input ? 'input' : 'main';
  // While replaying, the replay keys come first (`[` steps back there, renices live).
  const cmd =
    (where === 'main' && state.replay ? commandFor(keymap, 'replay', key) : null) ??
    commandFor(keymap, where, key);
  if (cmd) return { type: 'command', cmd };
  if (where === 'main') return { type: 'unknown', key };
  if (where !== 'input') return null;
  const text = ch ?? (key === 'space' ? ' ' : [...key].length === 1 ? key : '');
  return text && [...text].length === 1 ? { type: 'type', text } : null;
}

/** The status line's hint for an unbound key. */
export function unknownKey(state: UiState, keymap: Keymap, key: string): UiState {
  return {
    ...state,
    message: 'tui.key.unknown',
    messageParams: { key: displayKey(key), help: firstKey(keymap, 'help') },
  };
}

/** A click `line` rows into the table's page selects that row (and stops following). */
export function clickRow(state: UiState, rows: readonly ProcessRow[], line: number): UiState {
  const i = state.scroll + line;
  if (line < 0 || i >= rows.length) return state;
  return { ...state, focus: 'processes', selectedKey: rows[i]!.key, selectedIndex: i, followKey: null };
}

/**
 * A click on the table's header, `x` columns into the table: sort by that column; a second click
 * on the sorted column inverts the order (as htop does).
 */
export function clickHeader(
  state: UiState,
  x: number,
  layout: Layout,
  gpuMemory: ReadonlyMap<number, number> | null,
): UiState {
  const { width } = inner(layout.panes.processes);
  const col = columnAt(tableColumns({ columns: state.columns, gpuMemory }, width), x);
  if (!col?.sort) return state;
  if (col.sort === state.sort) return { ...state, desc: !state.desc };
  return { ...state, sort: col.sort, desc: defaultDesc(col.sort) };
}

/** A click `line` lines into the alerts pane selects the alert drawn there. */
export function clickAlert(state: UiState, alerts: readonly Alert[], line: number, layout: Layout): UiState {
  const per = layout.alertsAs === 'strip' ? 1 : 2;
  const i = Math.floor(line / per);
  if (i < 0 || i >= alerts.length) return state;
  return { ...state, focus: 'alerts', alertIndex: i };
}
