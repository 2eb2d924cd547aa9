// The kill key on the alert sidebar (the reducer and the dialog, pure): a storm's members or a
// duplicate group's extra copies in ONE dialog, one confirmation, one `kill_group` effect; other
// alerts, resolved ones and replay say why not in the status line. The keys are the keymaps'
// (F9 / k in default, F9 / x in vim), whatever they are.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildKeymap } from '../../keymaps/keymap.ts';
import { keyAction } from '../../screens/input.ts';
import { renderKill } from '../../screens/kill.ts';
import { NO_SIGNAL } from '../../screens/reduce-replay.ts';
import { type Context, initialState, reduce, type UiState } from '../../screens/state.ts';
import { makeTheme } from '../../screens/theme.ts';
import type { Alert } from '../../src/core/types.ts';
import { translator } from '../../src/i18n/index.ts';
import { proc as base, MiB } from './rules-fixtures.ts';

const proc = (pid: number, startTicks: number) =>
  base({ pid, startTicks, name: 'python3', cmdline: 'python3 mcp_server.py', rssBytes: 100 * MiB });

function alert(rule: Alert['rule'], pids: number[], over: Partial<Alert> = {}): Alert {
  return {
    id: `${rule}-abc`,
    rule,
    severity: 'high',
    state: 'firing',
    since: '2026-11-25T10:00:00.000Z',
    message: 'm',
    subject: { pids },
    suggestedCommand: null,
    ...over,
  };
}

// 104 started first: the duplicate group's copy in use. 900 is not in any subject.
const PROCS = [proc(101, 500), proc(102, 300), proc(103, 700), proc(104, 100), proc(900, 50)];

function ctx(alerts: Alert[]): Context {
  return { rows: [], alerts, processes: PROCS, page: 10, modalPage: 10, modalLines: 0, now: 0 };
}

function onAlerts(extra: Partial<UiState> = {}): UiState {
  return { ...initialState(), focus: 'alerts', alertIndex: 0, ...extra };
}

test('the kill key is F9 / k in the default keymap and F9 / x in vim (k stays "up" there)', () => {
  const s = onAlerts();
  for (const [map, key] of [
    ['default', 'f9'],
    ['default', 'k'],
    ['vim', 'f9'],
    ['vim', 'x'],
  ] as const) {
    assert.deepEqual(keyAction(s, buildKeymap(map), key), { type: 'command', cmd: 'kill' }, `${map} ${key}`);
  }
  assert.deepEqual(keyAction(s, buildKeymap('vim'), 'k'), { type: 'command', cmd: 'up' });
});

test('a storm alert opens one dialog with every member; yes is one kill_group effect', () => {
  const storm = alert('ghost_process_storm', [101, 102, 103, 104, 555]);
  let s = reduce(onAlerts(), 'kill', ctx([storm])).state;
  const m = s.modal;
  assert.ok(m?.kind === 'kill');
  assert.deepEqual(m.group, { alertId: 'ghost_process_storm-abc', rule: 'ghost_process_storm' });
  // 555 is gone from the snapshot: only the members still there, with the start time seen.
  assert.deepEqual(
    m.targets.map((t) => [t.pid, t.startTicks]),
    [
      [101, 500],
      [102, 300],
      [103, 700],
      [104, 100],
    ],
  );
  const tr = translator('en');
  const theme = makeTheme(false);
  const choose = renderKill(m, buildKeymap('default'), theme, tr, 90).body.join('\n');
  assert.match(choose, /ghost_process_storm-abc: 4 processes, 400M in all, as one action:/);
  for (const pid of [101, 102, 103, 104])
    assert.match(choose, new RegExp(`${pid}  python3  \\(dev, 100M\\)`));
  assert.equal((choose.match(/python3 mcp_server\.py/g) ?? []).length, 4);
  s = reduce(s, 'modal_confirm', ctx([storm])).state;
  const confirm = renderKill(s.modal as typeof m, buildKeymap('default'), theme, tr, 90).body.join('\n');
  assert.match(confirm, /Send SIGTERM to the 4 processes of ghost_process_storm-abc, as one action\? y\/n/);
  const fr = renderKill(s.modal as typeof m, buildKeymap('default'), theme, translator('fr'), 90);
  assert.match(fr.body.join('\n'), /Envoyer SIGTERM aux 4 processus de ghost_process_storm-abc/);
  const step = reduce(s, 'modal_yes', ctx([storm]));
  assert.equal(step.effect?.type, 'kill_group');
  assert.ok(step.effect?.type === 'kill_group');
  assert.deepEqual(step.effect.group.alertId, 'ghost_process_storm-abc');
  assert.equal(step.effect.signal, 'SIGTERM');
  assert.deepEqual(
    step.effect.targets.map((t) => t.pid),
    [101, 102, 103, 104],
  );
});

test('a duplicate group keeps its oldest copy, as `vigil kill --alert` does', () => {
  const dup = alert('duplicate_processes', [101, 102, 103, 104]);
  const m = reduce(onAlerts(), 'kill', ctx([dup])).state.modal;
  assert.ok(m?.kind === 'kill');
  assert.deepEqual(m.targets.map((t) => t.pid).sort(), [101, 102, 103]);
});

test('other alerts, resolved ones, gone groups and replay say why in the status line', () => {
  const say = (a: Alert, extra: Partial<UiState> = {}) => {
    const s = reduce(onAlerts(extra), 'kill', ctx([a])).state;
    assert.equal(s.modal, null);
    return [s.message, s.messageParams];
  };
  assert.deepEqual(say(alert('ram_high', [])), ['tui.kill.alertRule', { rule: 'ram_high' }]);
  assert.deepEqual(say(alert('ghost_process_storm', [101], { state: 'resolved' })), [
    'tui.kill.alertResolved',
    { id: 'ghost_process_storm-abc' },
  ]);
  assert.deepEqual(say(alert('ghost_process_storm', [777, 778])), [
    'tui.kill.alertGone',
    { id: 'ghost_process_storm-abc' },
  ]);
  const replay = { time: 1, source: 'minute' as const, resolutionSecs: 60, loading: false };
  assert.deepEqual(say(alert('ghost_process_storm', [101]), { replay }), [NO_SIGNAL, undefined]);
  // Every message is in both catalogues.
  for (const lang of ['en', 'fr'] as const) {
    const tr = translator(lang);
    for (const key of [
      'tui.kill.alertRule',
      'tui.kill.alertResolved',
      'tui.kill.alertGone',
      'tui.kill.groupDone',
    ])
      assert.notEqual(tr(key, { rule: 'r', id: 'i' }), key);
  }
});
