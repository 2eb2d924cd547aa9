// The incident recorder end to end on a real SQLite file: the history writer captures a simulated
// machine (5 s ticks), writes a minute chain (a keyframe hourly, deltas between) and, when an
// alert fires, an incident chain at the tick rate from incident_before_secs before it to
// incident_after_secs after; replay rebuilds any recorded moment through derive — the very
// snapshot the live view had at that tick, the alerts firing then — and retention prunes frames
// without leaving a delta it cannot rebuild.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { AlertEvent, Snapshot } from '../../src/core/types.ts';
import { createReplay } from '../../src/store/replay.ts';
import { openStore } from '../../src/store/store.ts';
import { simulatedMachine } from '../helpers/machine.ts';
import { alertEvent, DERIVE_CTX, recording } from '../helpers/recording.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-capture-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const TICK = 5000;
const START = Date.UTC(2026, 10, 30, 8, 0, 0);
const MIN = 60_000;

/** What must match between live and replay (the stored command line is the redacted one). */
function comparable(s: Snapshot) {
  const { version: _v, kernelEvents: _k, alerts: _a, ...rest } = s;
  return rest;
}

test('two hours at 5 s with a storm: minute and incident chains, replay equal to the live view', () => {
  const { dataDir, clock, log, recorder, d } = recording(join(dir, 'two-hours'), START);
  assert.equal(recorder.isRecording(), true);
  const m = simulatedMachine({ processes: 300, busy: 25, churn: 1, tickMs: TICK, start: START });
  const live = new Map<number, Snapshot>();
  let storm: number[] = [];
  let firedAt = 0;
  let resolvedAt = 0;
  for (let i = 1; i <= 24 * 60; i++) {
    clock.tick(TICK);
    if (i === 12 * 70) storm = m.storm(8, 60);
    const raw = m.tick();
    let events: AlertEvent[] = [];
    if (i === 12 * 70 + 6) {
      firedAt = raw.time;
      events = [alertEvent('fired', raw.time, { subject: { pids: storm } })];
    }
    if (i === 12 * 75) m.kill(storm);
    if (i === 12 * 75 + 2) {
      resolvedAt = raw.time;
      events = [alertEvent('resolved', raw.time)];
    }
    live.set(raw.time, d.tick(raw, events));
  }
  const stats = recorder.capture()!;
  assert.equal(stats.incidents, 1);
  assert.equal(stats.incidentOpen, false);
  assert.ok(stats.ringSamples <= 120_000 / TICK + 2, `ring holds ${stats.ringSamples}`);
  recorder.stop();

  const store = openStore(dataDir, { readonly: true, log });
  try {
    const replay = createReplay(store, DERIVE_CTX);
    // The firing tick, tick by tick: the very snapshot the live view derived.
    const at = replay.at(firedAt);
    assert.ok(at.ok, JSON.stringify(at));
    assert.equal(at.moment.source, 'incident');
    assert.equal(at.moment.resolutionSecs, 5);
    assert.deepEqual(comparable(at.moment.snapshot), comparable(live.get(firedAt)!));
    assert.deepEqual(
      at.moment.snapshot.alerts.map((a) => a.id),
      ['ghost_process_storm-0123456789ab'],
    );
    for (const pid of storm) assert.ok(at.moment.snapshot.processes.some((p) => p.pid === pid));
    // Two minutes before, still at the tick rate (the capture ring's samples).
    const before = replay.at(firedAt - 120_000);
    assert.ok(before.ok && before.moment.source === 'incident' && before.moment.resolutionSecs === 5);
    assert.deepEqual(comparable(before.moment.snapshot), comparable(live.get(firedAt - 120_000)!));
    assert.deepEqual(before.moment.snapshot.alerts, [], 'nothing was firing yet');
    // After the window: the minute chain (a frame every minute from the first tick on), CPU %
    // over the minute before the frame.
    const minuteFrame = START + TICK + 100 * MIN;
    const later = replay.at(minuteFrame + 2000);
    assert.ok(later.ok);
    assert.equal(later.moment.source, 'minute');
    assert.equal(later.moment.time, minuteFrame);
    assert.equal(later.moment.resolutionSecs, 60);
    const minute = later.moment.snapshot;
    assert.deepEqual(
      minute.processes.map((p) => [p.pid, p.rssBytes, p.state]),
      live.get(minuteFrame)!.processes.map((p) => [p.pid, p.rssBytes, p.state]),
    );
    assert.ok(minute.processes.some((p) => (p.cpuPercent ?? 0) > 0));
    assert.ok(!minute.processes.some((p) => storm.includes(p.pid)), 'the storm was killed');
    assert.deepEqual(minute.alerts, []);
    // Frames: a keyframe per hour on the minute chain, one on the incident chain.
    const f = store.frameStats();
    assert.equal(f.chains, 2);
    assert.equal(f.keyframes, 3);
    assert.ok(f.frames >= 120 + 48, `frames: ${f.frames}`);
    assert.ok(resolvedAt > firedAt);
    // Outside what was recorded.
    const early = replay.at(START - 10 * MIN);
    assert.ok(!early.ok && early.reason === 'before');
    const late = replay.at(START + 5 * 60 * MIN);
    assert.ok(!late.ok && late.reason === 'after');
    // Stepping: tick by tick inside the incident, by minute outside.
    const next = replay.step(firedAt, 1);
    assert.ok(next?.ok && next.moment.time === firedAt + TICK);
    const back = replay.step(minuteFrame, -1);
    assert.ok(back?.ok && back.moment.time === minuteFrame - MIN);
    assert.equal(replay.alertFiredAt('ghost_process_storm-0123456789ab'), firedAt);
    assert.equal(replay.alertFiredAt('nope-000000000000'), null);
  } finally {
    store.close();
  }
});

test('retention prunes frames by whole chains: what is left always rebuilds', () => {
  const { dataDir, clock, log, recorder, d } = recording(join(dir, 'retention'), START);
  const m = simulatedMachine({ processes: 50, busy: 5, tickMs: TICK, start: START });
  for (let i = 1; i <= 12 * 150; i++) {
    clock.tick(TICK);
    d.tick(m.tick());
  }
  recorder.stop();
  const store = openStore(dataDir, { log });
  try {
    const before = store.frameStats();
    // Keep 2 h back from 2.5 h in: the cutoff falls at 30 min, after the first keyframe; the
    // 30 frames before it go, and the 30 deltas after it that depended on that keyframe too.
    const r = store.retention({ now: START + 150 * MIN, retentionHours: 2 });
    assert.ok(r);
    assert.equal(r.deletedFrames, 60, 'the first hour: its keyframe and every delta on it');
    assert.equal(store.frameStats().frames, before.frames - 60);
    const replay = createReplay(store, DERIVE_CTX);
    const gone = replay.at(START + 45 * MIN);
    assert.ok(!gone.ok && gone.reason === 'before');
    const kept = replay.at(START + 61 * MIN);
    assert.ok(kept.ok, JSON.stringify(kept));
    assert.equal(kept.moment.snapshot.processes.length, 50);
  } finally {
    store.close();
  }
});
