// The history view: its model (points, local time axis, incidents, gaps, cursor, values at the
// cursor, programs), the reducer (open, cursor, window, Enter replays), and the whole view drawn
// off-terminal with blessed-contrib from a recorded day — which the screen loads only when the
// view opens.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildKeymap } from '../../keymaps/keymap.ts';
import { createApp } from '../../screens/app.ts';
import { HISTORY_POINTS, type HistoryData, historyModel, timelineCells } from '../../screens/history.ts';
import { initialState } from '../../screens/model.ts';
import { createPorts } from '../../screens/ports.ts';
import { openHistory, reduceHistory } from '../../screens/reduce-history.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import { localClock } from '../../src/core/local-time.ts';
import { memoryLogger } from '../../src/core/log.ts';
import type { AlertEvent, EngineListener, Snapshot } from '../../src/core/types.ts';
import { translator } from '../../src/i18n/index.ts';
import type { SystemSample } from '../../src/store/types.ts';
import { simulatedMachine } from '../helpers/machine.ts';
import { offscreen, screenText } from '../helpers/offscreen.ts';
import { alertEvent, recording } from '../helpers/recording.ts';

const tr = translator('en');
const HOUR = 3_600_000;
const TO = Date.UTC(2026, 10, 30, 12, 0, 0);

function sample(time: number, cpu: number): SystemSample {
  return {
    time,
    resolutionSecs: 0,
    cpuPercent: cpu,
    cpuPercentMax: cpu,
    load1: cpu / 50,
    load5: null,
    load15: null,
    memTotalBytes: 100,
    memUsedBytes: 40,
    memUsedMaxBytes: 40,
    memAvailableBytes: 60,
    swapTotalBytes: 10,
    swapUsedBytes: 1,
    psiSome10: null,
    diskMinFreePercent: 25,
    netRxBytesPerSec: null,
    netTxBytesPerSec: null,
    cpuTemperatureC: null,
    gpuTemperatureC: null,
    gpuUtilizationPercent: null,
    processCount: 300,
  };
}

/** Six hours, a sample a minute, nothing recorded in the second hour, one firing at 3 h. */
function sixHours(): HistoryData {
  const from = TO - 6 * HOUR;
  const samples: SystemSample[] = [];
  for (let t = from; t < TO; t += 60_000)
    if (t < from + HOUR || t >= from + 2 * HOUR) samples.push(sample(t, ((t - from) / 6 / HOUR) * 100));
  const programs = samples.map((s) => ({
    time: s.time,
    programs: { node: 3 * 2 ** 30, python3: 2 ** 30, sh: 2 ** 20 },
  }));
  return {
    from,
    to: TO,
    samples,
    programs,
    firings: [{ id: 'ram_high-0123456789ab', rule: 'ram_high', severity: 'high', firedAt: from + 3 * HOUR }],
  };
}

test('the model: points across the window, local time axis, the incident, the gap, the cursor', () => {
  const data = sixHours();
  const m = historyModel(data, data.from + 3 * HOUR + 60_000, tr);
  assert.equal(m.x.length, HISTORY_POINTS);
  assert.equal(m.x[0], localClock(data.from).slice(0, 5));
  assert.deepEqual(
    m.markers.map((x) => x.index),
    [60],
  );
  assert.equal(m.cursor, 60);
  assert.equal(m.near?.rule, 'ram_high', 'the cursor on the incident names it');
  assert.deepEqual(
    m.gaps.map((g, i) => (g ? i : -1)).filter((i) => i >= 0),
    Array.from({ length: 20 }, (_, i) => 20 + i),
    'the second hour was not recorded',
  );
  const ids = m.charts.map((c) => c.id);
  assert.deepEqual(ids, ['cpu', 'memory', 'load', 'disk', 'programs']);
  const cpu = m.charts[0]!;
  assert.match(cpu.label, /^CPU % · 50\.\d%$/);
  assert.equal(
    cpu.series[0]!.y[25],
    cpu.series[0]!.y[19],
    'a gap keeps the value before it (blessed-contrib draws no gaps)',
  );
  assert.match(m.charts[1]!.label, /RAM 40\.0% · swap 10\.0%/);
  assert.match(m.charts[3]!.label, /used % · 75\.0%/);
  const programs = m.charts[4]!;
  assert.match(programs.label, /RSS by program \(GiB\) · node 3\.0G, python3 1\.0G/);
  assert.deepEqual(
    programs.series.map((s) => s.title),
    ['node', 'python3', 'sh'],
  );
  assert.equal(programs.series[0]!.y[60], 3);
  // A week: dates on the axis.
  const week = historyModel({ ...data, from: TO - 7 * 24 * HOUR }, TO, tr);
  assert.match(week.x[0]!, /^\d\d-\d\d \d\dh$/);
});

test('the time axis under a chart: border, gaps, incidents and the cursor at the points’ columns', () => {
  const data = sixHours();
  const m = historyModel(data, data.from + 30 * 60_000, tr);
  const cells = timelineCells(m, 130, (i) => i + 5);
  assert.equal(cells[0], '─');
  assert.equal(cells[5 + 25], '·');
  assert.equal(cells[5 + 60], '▲');
  assert.equal(cells[5 + 10], '┃');
  assert.equal(cells[5 + 59], '─');
});

test('the reducer: v opens 6 h ending now, ←/→ move the cursor, ↑/↓ change the window, Enter replays', () => {
  const now = TO;
  const open = openHistory(initialState(), now);
  assert.deepEqual(open.effect, { type: 'history', from: now - 6 * HOUR, to: now });
  const h = { ...open.state.history!, loading: false };
  const s = { ...open.state, history: h };
  const left = reduceHistory(s, h, 'modal_left').state.history!;
  assert.equal(left.cursor, now - (6 * HOUR) / HISTORY_POINTS);
  const wider = reduceHistory(s, h, 'modal_up');
  assert.deepEqual(wider.effect, { type: 'history', from: now - 24 * HOUR, to: now });
  const replay = reduceHistory(s, { ...h, cursor: now - HOUR }, 'modal_confirm');
  assert.equal(replay.state.history, null);
  assert.deepEqual(replay.effect, { type: 'replay', move: { kind: 'at', time: now - HOUR } });
  assert.equal(reduceHistory(s, h, 'modal_close').state.history, null);
  // Opened while replaying, the cursor starts on the moment replayed.
  const replaying = {
    ...initialState(),
    replay: { time: now - 2 * HOUR, source: 'minute' as const, resolutionSecs: 60, loading: false },
  };
  assert.equal(openHistory(replaying, now).state.history?.cursor, now - 2 * HOUR);
});

const dir = mkdtempSync(join(tmpdir(), 'vigil-history-view-'));
let firedAt = 0;
before(() => {
  const start = Date.now() - 3 * HOUR;
  const { clock, recorder, d } = recording(join(dir, 'data'), start);
  const m = simulatedMachine({ processes: 80, busy: 8, tickMs: 5000, start });
  for (let i = 1; i <= 12 * 60 * 3 - 24; i++) {
    clock.tick(5000);
    const raw = m.tick();
    const events: AlertEvent[] = [];
    if (i === 12 * 90) {
      firedAt = raw.time;
      events.push(alertEvent('fired', raw.time));
    }
    d.tick(raw, events);
  }
  recorder.stop();
});
after(() => rmSync(dir, { recursive: true, force: true }));

const contribLoaded = () =>
  Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes('blessed-contrib'));

test('the view on screen: five charts with local time axes, the incident marked; blessed-contrib loaded only then', async () => {
  const config = defaultConfig({ LANG: 'en_US.UTF-8' });
  const listeners = new Set<EngineListener>();
  const engine = {
    subscribe: (l: EngineListener) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    latest: () => undefined as Snapshot | undefined,
    history: { all: () => [] },
  };
  const off = offscreen(120, 40);
  const ports = createPorts({
    config: () => config,
    engine,
    log: memoryLogger(),
    env: {},
    dataDir: join(dir, 'data'),
    reload: async () => ({ config: null, message: '' }),
  });
  const app = createApp({
    engine,
    keymap: buildKeymap('default'),
    config,
    color: true,
    mouse: false,
    screen: off.screen,
    ports,
    onQuit: () => {},
  });
  try {
    app.renderNow();
    assert.equal(contribLoaded(), false, 'the live screen does not load blessed-contrib');
    app.press('v');
    let text = '';
    for (let i = 0; i < 100 && !/RSS by program/.test(text); i++) {
      await new Promise((r) => setTimeout(r, 20));
      app.renderNow();
      text = screenText(off.screen).join('\n');
    }
    assert.equal(contribLoaded(), true);
    for (const label of [
      'CPU % ·',
      'Memory % · RAM',
      'Load 1 min ·',
      'Fullest disk, used % ·',
      'RSS by program (MiB) ·',
    ])
      assert.ok(text.includes(label), `${label} in:\n${text}`);
    assert.match(text, /^ HISTORY 6 h · cursor /m);
    assert.match(text, /▲/, 'the incident on the time axes');
    assert.ok(text.includes(localClock(Date.now() - 3 * HOUR).slice(0, 2)), 'local hours on the axis');
    // Enter on the cursor moved to the incident replays it.
    const h = app.state().history!;
    const steps = Math.round((h.cursor - firedAt) / ((h.to - h.from) / HISTORY_POINTS));
    for (let i = 0; i < steps; i++) app.press('left');
    app.press('enter');
    for (let i = 0; i < 100 && !app.state().replay?.time; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(app.state().history, null);
    assert.ok(Math.abs(app.state().replay!.time! - firedAt) <= 3 * 60_000, 'replaying near the incident');
  } finally {
    app.destroy();
    ports.close?.();
  }
});
