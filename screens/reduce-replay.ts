// Replay mode in the reducer: entering and leaving it, stepping through recorded frames and
// jumping between incidents (each an effect the controller runs through the replay port), and
// refusing every signal while the screen shows the past. Pure.
import type { CommandId } from '../keymaps/commands.ts';
import type { ReplayMove, ReplayState, Step, UiState } from './model.ts';
import { openHistory } from './reduce-history.ts';

/** The status line's words when something cannot be done on a recorded moment. */
export const NO_SIGNAL = 'replay.tui.noSignal';

const LOADING: ReplayState = { time: null, source: null, resolutionSecs: null, loading: true };

function move(s: UiState, to: ReplayMove): Step {
  return {
    state: { ...s, replay: s.replay ? { ...s.replay, loading: true } : LOADING },
    effect: { type: 'replay', move: to },
  };
}

/** Signals and renices are refused on a recorded moment: the processes shown may be long gone. */
const SIGNALLING: readonly CommandId[] = ['kill', 'renice_lower', 'renice_raise'];

/** What a replay command does, or null when `cmd` is not about replay. */
export function reduceReplay(s: UiState, cmd: CommandId, now: number): Step | null {
  if (s.replay && SIGNALLING.includes(cmd)) return { state: { ...s, message: NO_SIGNAL } };
  // Threads are read from /proc on request: a recorded moment has none to show.
  if (s.replay && cmd === 'threads') return { state: { ...s, message: 'replay.tui.noThreads' } };
  switch (cmd) {
    case 'replay':
      if (s.replay)
        return {
          state: { ...s, replay: null, message: 'replay.tui.live' },
          effect: { type: 'replay', move: { kind: 'live' } },
        };
      return move(s, { kind: 'latest' });
    case 'history_view':
      return openHistory(s, now);
    case 'replay_prev_incident':
      return move(s, { kind: 'incident', dir: -1 });
    case 'replay_next_incident':
      return s.replay ? move(s, { kind: 'incident', dir: 1 }) : null;
    case 'replay_back':
      return s.replay ? move(s, { kind: 'step', dir: -1 }) : null;
    case 'replay_forward':
      return s.replay ? move(s, { kind: 'step', dir: 1 }) : null;
    default:
      return null;
  }
}

/** Start (vigil watch --at) on the recorded moment at `time`. */
export function replayFrom(s: UiState, time: number): Step {
  return move(s, { kind: 'at', time });
}

/** A recorded moment arrived: show its time, source and CPU window. */
export function replayShown(
  s: UiState,
  r: { time: number; source: 'incident' | 'minute'; resolutionSecs: number | null },
): UiState {
  if (!s.replay) return s;
  return {
    ...s,
    replay: { time: r.time, source: r.source, resolutionSecs: r.resolutionSecs, loading: false },
  };
}

/** Nothing there (no history, the newest frame, no earlier incident): say why; stay where it was. */
export function replayMissed(s: UiState, message: string): UiState {
  if (!s.replay) return s;
  const replay = s.replay.time === null ? null : { ...s.replay, loading: false };
  return { ...s, replay, message, messageParams: {} };
}
