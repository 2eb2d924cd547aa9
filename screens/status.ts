// The status line: mode, interval, AI state, sort/filter/tree, process count, key hints, and the
// last message (a command's result or a warning from the log). When a message needs the room,
// the least useful parts on the left give way, so the message is never cut.
import { firstKey, type Keymap } from '../keymaps/keymap.ts';
import { localClock } from '../src/core/local-time.ts';
import type { Params } from '../src/i18n/index.ts';
import type { UiState } from './model.ts';
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
  /** The machine has no GPU: said here once instead of an empty pane. */
  noGpu?: boolean;
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
  time: 'TIME',
};

type Tr = (k: string, p?: Params) => string;

function inputLine(input: StatusInput, theme: Theme, tr: Tr, width: number): string {
  const s = input.state;
  const search = s.inputFor === 'search';
  const prompt = search
    ? `${tr('tui.search.prompt')}: ${s.search}█`
    : `${tr('tui.filter.prompt')}: ${s.filter}█`;
  const key = (id: Parameters<typeof firstKey>[1]) => firstKey(input.keymap, id);
  const next = search ? `  ${key('input_next')} ${tr('tui.key.next')}` : '';
  const hint = `${next}  ${key('input_accept')} ${tr('tui.key.keep')}  ${key('input_cancel')} ${tr('tui.key.clear')}`;
  return theme.paint('header', fitTo(prompt + hint, width));
}

function parts(input: StatusInput, tr: Tr): string[] {
  const s = input.state;
  const out = [
    `${tr('tui.status.mode')} ${input.mode}`,
    `${input.intervalSecs}s`,
    `${tr('tui.ai.label')} ${tr(`tui.ai.${input.ai}`)}`,
    `${tr('tui.status.sort')} ${SORT_LABEL[s.sort]}${s.desc ? '▼' : '▲'}`,
  ];
  if (s.tree) out.push(tr('tui.status.tree'));
  if (s.filter) out.push(`${tr('tui.filter.prompt')} "${s.filter}" ${input.shown}/${input.processes}`);
  else out.push(tr('tui.status.procs', { n: input.processes }));
  if (s.user !== null) out.push(tr('tui.status.user', { user: s.user }));
  if (s.threads) out.push(tr('tui.status.threads'));
  if (s.tagged.size > 0) out.push(tr('tui.status.tagged', { n: s.tagged.size }));
  if (s.followKey) out.push(tr('tui.status.following'));
  if (s.paused) out.push(tr('tui.status.paused'));
  if (input.noGpu) out.push(tr('tui.gpu.none'));
  return out;
}

/**
 * ` REPLAY 03:12:05 `, then what the frame is, the table's state (sort, filter, counts: as live,
 * without the live-only mode, interval and AI) and how to move, while replaying.
 */
function replayMarker(input: StatusInput, tr: Tr): { marker: string; detail: string } | null {
  const r = input.state.replay;
  if (!r) return null;
  const key = (id: Parameters<typeof firstKey>[1]) => firstKey(input.keymap, id);
  const marker =
    r.time === null ? tr('replay.tui.loading') : tr('replay.tui.marker', { time: localClock(r.time) });
  const every =
    r.resolutionSecs !== null
      ? `${r.source ?? ''} ${tr('replay.tui.every', { window: `${r.resolutionSecs}s` })}`
      : (r.source ?? '');
  const keys = tr('replay.tui.keys', {
    back: key('replay_back'),
    forward: key('replay_forward'),
    prev: key('replay_prev_incident'),
    next: key('replay_next_incident'),
    live: key('replay'),
  });
  const table = parts(input, tr).slice(3);
  return { marker: ` ${marker} `, detail: ` ${[every.trim(), ...table, keys].filter(Boolean).join(' │ ')}` };
}

export function renderStatus(input: StatusInput, theme: Theme, tr: Tr, width: number): string {
  const s = input.state;
  if (s.input) return inputLine(input, theme, tr, width);
  const replay = replayMarker(input, tr);
  if (replay) {
    // The marker first, in its own colour; the message (a refusal, a miss) or how to move after it.
    const rest = s.message
      ? ` ${tr(s.message, { ...s.messageParams, live: firstKey(input.keymap, 'replay') })}`
      : replay.detail;
    const room = Math.max(0, width - textWidth(replay.marker));
    return (
      theme.paint('critical', fitTo(replay.marker, Math.min(width, textWidth(replay.marker)))) +
      theme.paint('header', fitTo(rest, room))
    );
  }
  const message = s.message ? tr(s.message, s.messageParams) : input.logLine;
  const hints = `${firstKey(input.keymap, 'help')} ${tr('tui.key.help')}  ${firstKey(input.keymap, 'quit')} ${tr('tui.key.quit')} `;
  const right = message ? ` ${message} ` : hints;
  const list = parts(input, tr);
  let left = ' ' + list.join(' │ ');
  // A message keeps its room: drop parts from the end of the left side first.
  while (message && list.length > 1 && textWidth(left) + textWidth(right) > width) {
    list.pop();
    left = ' ' + list.join(' │ ');
  }
  const gap = width - textWidth(left) - textWidth(right);
  const text = gap >= 1 ? left + ' '.repeat(gap) + right : fitTo(left + ' ' + right, width);
  return theme.paint('header', text);
}
