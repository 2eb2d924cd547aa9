// Replay mode in the TUI's pure parts: the keys ([ and ] step while replaying, renice live), the
// reducer (entering, leaving, moving, refusing every signal), the status line's marker, and the
// local explanation of a recorded process.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildKeymap } from '../../keymaps/keymap.ts';
import { keyAction } from '../../screens/input.ts';
import { initialState, type UiState } from '../../screens/model.ts';
import { NO_SIGNAL, reduceReplay, replayMissed, replayShown } from '../../screens/reduce-replay.ts';
import { explainRecorded, type ReplayView } from '../../screens/replay-port.ts';
import { reduce } from '../../screens/state.ts';
import { renderStatus } from '../../screens/status.ts';
import { themeCache } from '../../screens/theme.ts';
import { localClock } from '../../src/core/local-time.ts';
import { deriveProcesses, emptySnapshot } from '../../src/engine/derive.ts';
import { translator } from '../../src/i18n/index.ts';
import { rawRow } from '../helpers/machine.ts';

const keymap = buildKeymap('default');
const tr = translator('en');
const ctx = { rows: [], alerts: [], page: 10, modalPage: 5, modalLines: 0, now: 0 };
const replaying = (s: UiState, time = Date.UTC(2026, 10, 30, 2, 12, 5)): UiState =>
  replayShown(
    { ...s, replay: { time: null, source: null, resolutionSecs: null, loading: true } },
    {
      time,
      source: 'incident',
      resolutionSecs: 5,
    },
  );

test('[ and ] step while replaying and renice live; { enters replay at the last incident', () => {
  const live = initialState();
  assert.deepEqual(keyAction(live, keymap, '['), { type: 'command', cmd: 'renice_raise' });
  assert.deepEqual(keyAction(live, keymap, ']'), { type: 'command', cmd: 'renice_lower' });
  assert.deepEqual(keyAction(live, keymap, '{'), { type: 'command', cmd: 'replay_prev_incident' });
  const r = replaying(live);
  assert.deepEqual(keyAction(r, keymap, '['), { type: 'command', cmd: 'replay_back' });
  assert.deepEqual(keyAction(r, keymap, ']'), { type: 'command', cmd: 'replay_forward' });
  assert.deepEqual(keyAction(r, keymap, '}'), { type: 'command', cmd: 'replay_next_incident' });
  assert.deepEqual(
    keyAction(r, keymap, 'k'),
    { type: 'command', cmd: 'kill' },
    'k is still kill: refused by the reducer',
  );
});

test('the reducer enters, moves through and leaves replay; the first miss goes back to live', () => {
  const enter = reduce(initialState(), 'replay', ctx);
  assert.deepEqual(enter.effect, { type: 'replay', move: { kind: 'latest' } });
  assert.equal(enter.state.replay?.loading, true);
  const missed = replayMissed(enter.state, 'no history');
  assert.equal(missed.replay, null, 'nothing to show: still live');
  assert.equal(missed.message, 'no history');
  const r = replaying(initialState());
  assert.deepEqual(reduce(r, 'replay_back', ctx).effect, { type: 'replay', move: { kind: 'step', dir: -1 } });
  assert.deepEqual(reduce(r, 'replay_next_incident', ctx).effect, {
    type: 'replay',
    move: { kind: 'incident', dir: 1 },
  });
  // A miss while replaying keeps the moment on show.
  assert.equal(replayMissed(reduce(r, 'replay_forward', ctx).state, 'newest')?.replay?.time, r.replay?.time);
  const left = reduce(r, 'replay', ctx);
  assert.equal(left.state.replay, null);
  assert.deepEqual(left.effect, { type: 'replay', move: { kind: 'live' } });
  // Not replaying, the replay-only commands do nothing here.
  assert.equal(reduceReplay(initialState(), 'replay_back', 0), null);
});

test('nothing can be signalled from a recorded moment: kill, renice, tagged kill are refused', () => {
  const r = { ...replaying(initialState()), tagged: new Set(['1:1']) };
  for (const cmd of ['kill', 'renice_lower', 'renice_raise'] as const) {
    const step = reduce(r, cmd, ctx);
    assert.equal(step.effect, undefined, cmd);
    assert.equal(step.state.modal, null, cmd);
    assert.equal(step.state.message, NO_SIGNAL, cmd);
  }
  assert.equal(reduce(r, 'threads', ctx).state.threads, false, 'threads are not recorded');
});

test('the status line starts with the REPLAY marker and says how to move', () => {
  const theme = themeCache(0)('dark');
  const time = Date.UTC(2026, 10, 30, 2, 12, 5);
  const input = {
    state: replaying(initialState(), time),
    mode: 'observe',
    intervalSecs: 5,
    ai: 'off' as const,
    processes: 12,
    shown: 12,
    keymap,
    logLine: null,
  };
  const line = renderStatus(input, theme, tr, 120);
  assert.ok(line.startsWith(`{bold} REPLAY ${localClock(time)} {/bold}`), line);
  assert.match(
    line,
    /incident every 5s │ sort CPU▼ │ 12 procs │ \[\/\] step {2}\{open\}\/\{close\} incidents {2}R live/,
    'braces escaped for blessed',
  );
  assert.doesNotMatch(line, /mode observe/);
  const refused = renderStatus({ ...input, state: { ...input.state, message: NO_SIGNAL } }, theme, tr, 120);
  assert.match(refused, /nothing can be signalled from a recorded moment \(R returns to live\)/);
});

test('a recorded process is explained from the recording: kind, cost then, parents, children', () => {
  const snapshot = emptySnapshot(Date.UTC(2026, 10, 30, 2, 12, 5));
  const proc = (pid: number, ppid: number, name: string, cmdline: string) => ({
    ...deriveProcesses(
      undefined,
      { list: [rawRow(pid, { ppid, name, cmdline, startTicks: pid })], skipped: 0 },
      0,
      0,
      0,
      () => 'dev',
    )[0]!,
    cpuPercent: 12.5,
    rssBytes: 90 * 2 ** 20,
    threads: 2,
  });
  snapshot.processes = [
    proc(10, 1, 'node', 'node host.cjs'),
    proc(11, 10, 'python3', 'python3 mcp_server.py 90'),
    proc(12, 11, 'sh', 'sh -c true'),
  ];
  const view = { time: Date.parse(snapshot.time), snapshot } as ReplayView;
  const e = explainRecorded({ pid: 11, startTicks: 11 }, view, 'en');
  assert.equal(e.title, '11 python3');
  assert.match(e.diagnostic, /MCP server/i);
  assert.deepEqual(e.actions, [], 'nothing to apply on a recorded moment');
  assert.match(e.note ?? '', /as recorded at 2026-11-30/);
  assert.ok(e.facts.includes('10 node'));
  assert.ok(e.facts.includes('children: 12 sh'));
  assert.ok(e.facts.some((f) => /CPU 12\.5% · RSS 90\.0M/.test(f)));
  const gone = explainRecorded({ pid: 11, startTicks: 999 }, view, 'en');
  assert.equal(gone.facts.length, 0, 'another process with that pid: not explained as this one');
});
