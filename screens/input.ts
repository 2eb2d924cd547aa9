// Keys and clicks as UI changes. Pure: what a key does where the user is (a command, typing into
// the filter line, Ctrl-C), and which row or alert a click selects.
import type { CommandId } from '../keymaps/commands.ts';
import { commandFor, type Keymap } from '../keymaps/keymap.ts';
import type { Alert } from '../src/core/types.ts';
import type { Layout } from './layout.ts';
import type { ProcessRow } from './processes.ts';
import type { UiState } from './state.ts';

export type KeyAction =
  | { type: 'quit' }
  | { type: 'command'; cmd: CommandId }
  | { type: 'type'; text: string };

/** What `key` (with `ch`, the printable character typed, if any) does; null: nothing. */
export function keyAction(state: UiState, keymap: Keymap, key: string, ch?: string): KeyAction | null {
  if (key === '') return null;
  // Ctrl-C always quits, whatever the keymap says.
  if (key === 'C-c') return { type: 'quit' };
  const where = state.modal ? 'modal' : state.input ? 'input' : 'main';
  const cmd = commandFor(keymap, where, key);
  if (cmd) return { type: 'command', cmd };
  if (where !== 'input') return null;
  const text = ch ?? (key === 'space' ? ' ' : [...key].length === 1 ? key : '');
  return text && [...text].length === 1 ? { type: 'type', text } : null;
}

/** A click `line` rows into the table's page selects that row (and stops following). */
export function clickRow(state: UiState, rows: readonly ProcessRow[], line: number): UiState {
  const i = state.scroll + line;
  if (line < 0 || i >= rows.length) return state;
  return { ...state, focus: 'processes', selectedKey: rows[i]!.key, selectedIndex: i, followKey: null };
}

/** A click `line` lines into the alerts pane selects the alert drawn there. */
export function clickAlert(state: UiState, alerts: readonly Alert[], line: number, layout: Layout): UiState {
  const per = layout.alertsAs === 'strip' ? 1 : 2;
  const i = Math.floor(line / per);
  if (i < 0 || i >= alerts.length) return state;
  return { ...state, focus: 'alerts', alertIndex: i };
}
