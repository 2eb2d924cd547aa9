// The status line: mode, interval, AI state, sort/filter/tree, process count, key hints, and the
// last message (a command's result or a warning from the log).
import { firstKey, type Keymap } from '../keymaps/keymap.ts';
import type { Params } from '../src/i18n/index.ts';
import type { UiState } from './state.ts';
import type { Theme } from './theme.ts';
import { fitTo, width as textWidth } from './widgets.ts';

export type AiState = 'off' | 'ready' | 'waiting' | 'error' | 'no_key';

export interface StatusInput {
  state: UiState;
  mode: string;
  intervalSecs: number;
  ai: AiState;
  processes: number;
  shown: number;
  keymap: Keymap;
  /** Last warning/error from the log, already one line. */
  logLine: string | null;
}

const SORT_LABEL: Record<UiState['sort'], string> = {
  cpu: 'CPU',
  mem: 'MEM',
  pid: 'PID',
  name: 'NAME',
  age: 'AGE',
};

export function renderStatus(
  input: StatusInput,
  theme: Theme,
  tr: (k: string, p?: Params) => string,
  width: number,
): string {
  const s = input.state;
  if (s.input) {
    const prompt = `${tr('tui.filter.prompt')}: ${s.filter}█`;
    const hint = `  ${firstKey(input.keymap, 'input_accept')} ${tr('tui.key.keep')}  ${firstKey(input.keymap, 'input_cancel')} ${tr('tui.key.clear')}`;
    return theme.paint('header', fitTo(prompt + hint, width));
  }
  const parts = [
    `${tr('tui.status.mode')} ${input.mode}`,
    `${input.intervalSecs}s`,
    `${tr('tui.ai.label')} ${tr(`tui.ai.${input.ai}`)}`,
    `${tr('tui.status.sort')} ${SORT_LABEL[s.sort]}${s.desc ? '▼' : '▲'}`,
  ];
  if (s.tree) parts.push(tr('tui.status.tree'));
  if (s.filter) parts.push(`${tr('tui.filter.prompt')} "${s.filter}" ${input.shown}/${input.processes}`);
  else parts.push(tr('tui.status.procs', { n: input.processes }));
  if (s.followKey) parts.push(tr('tui.status.following'));
  if (s.paused) parts.push(tr('tui.status.paused'));
  const left = ' ' + parts.join(' │ ');
  const message = s.message ? tr(s.message) : input.logLine;
  const hints = `${firstKey(input.keymap, 'help')} ${tr('tui.key.help')}  ${firstKey(input.keymap, 'quit')} ${tr('tui.key.quit')} `;
  const right = message ? ` ${message} ` : hints;
  const gap = width - textWidth(left) - textWidth(right);
  const text = gap >= 1 ? left + ' '.repeat(gap) + right : fitTo(left + ' ' + right, width);
  return theme.paint('header', text);
}
