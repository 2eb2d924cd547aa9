// The incident recorder's frames: the codec round-trips raw samples exactly (keyframe + deltas,
// new, changed and gone processes, PID reuse, fields newer collectors add, system parts that
// change or vanish), stored text goes through the redaction, and the capture ring is bounded by
// time and bytes while counting rows shared between samples once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProcessRaw, RawSample } from '../../src/core/types.ts';
import { CaptureRing } from '../../src/store/capture-ring.ts';
import {
  applyFrame,
  type DecodedFrame,
  encodeFrame,
  newEncoderState,
  toRawSample,
} from '../../src/store/frame-codec.ts';
import { packBody, unpackBody } from '../../src/store/frames.ts';
import { rawRow, simulatedMachine } from '../helpers/machine.ts';

const keep = (s: string) => s;

/** A raw sample as the decoder gives it back: processes in pid order, kernel events always present. */
function normal(raw: RawSample): RawSample {
  const procs = raw.parts.processes;
  return {
    ...raw,
    parts: {
      ...raw.parts,
      ...(procs ? { processes: { ...procs, list: [...procs.list].sort((a, b) => a.pid - b.pid) } } : {}),
      kernel: raw.parts.kernel ?? [],
    },
  };
}

test('a chain of a keyframe and deltas gives back every sample exactly', () => {
  const m = simulatedMachine({ processes: 300, busy: 20, churn: 2, tickMs: 1000 });
  const state = newEncoderState();
  let decoded: DecodedFrame | null = null;
  let deltaBytes = 0;
  let keyBytes = 0;
  for (let i = 0; i < 40; i++) {
    const raw = m.tick();
    if (i === 10) m.kill([1005, 1006]);
    if (i === 20) m.storm(6, 50);
    const body = encodeFrame(raw, state, { key: i === 0 || i === 25, stored: keep });
    const bytes = packBody(body).length;
    if (body.k) keyBytes = bytes;
    else deltaBytes = Math.max(deltaBytes, bytes);
    // Through the compressed form, as the store keeps it.
    decoded = applyFrame(decoded, unpackBody(packBody(body)));
    assert.deepEqual(toRawSample(decoded), normal(raw), `sample ${i}`);
  }
  assert.ok(
    deltaBytes * 5 < keyBytes,
    `a delta (${deltaBytes} B) is far smaller than a keyframe (${keyBytes} B)`,
  );
});

test('a delta names only what moved: changed fields, new identities, gone pids, changed parts', () => {
  const row = (pid: number, over: Partial<ProcessRaw> = {}) => rawRow(pid, { cpuTicks: 100, ...over });
  const a = row(10);
  const b = row(11);
  const c = row(12);
  const cpu = { total: { user: 1, nice: 0, system: 0, idle: 5, iowait: 0, irq: 0, softirq: 0, steal: 0 } };
  const first: RawSample = {
    time: 1000,
    monotonic: 1,
    parts: {
      processes: { list: [a, b, c], skipped: 0 },
      cpu: { ...cpu, perCore: [], load1: 1, load5: 1, load15: 1, frequencyMhz: null, bootTimeSec: 1 },
      temperatures: { cpuC: 40, sensors: [] },
    },
  };
  const state = newEncoderState();
  encodeFrame(first, state, { key: true, stored: keep });
  // b moved, c exited and its pid came back as another process, d is new, a did not move; the
  // temperatures part is gone, cpu unchanged; a collector added a field to b.
  const b2 = { ...row(11, { cpuTicks: 180, state: 'R' }), cgroup: '/user.slice' } as ProcessRaw;
  const c2 = row(12, { startTicks: 999, cmdline: 'other' });
  const d = row(13);
  const second: RawSample = {
    time: 2000,
    monotonic: 2,
    parts: { processes: { list: [a, b2, c2, d], skipped: 1 }, cpu: first.parts.cpu! },
  };
  const body = encodeFrame(second, state, { key: false, stored: keep });
  assert.equal(body.k, 0);
  assert.deepEqual(Object.keys(body.parts), ['temperatures']);
  assert.equal(body.parts.temperatures, null);
  assert.deepEqual(body.changes, [[11, 8, 'R', 9, 180, 'cgroup', '/user.slice']]);
  assert.deepEqual(
    body.rows?.map((r) => r[0]),
    [12, 13],
  );
  assert.equal(body.gone, undefined);
  const third: RawSample = { time: 3000, monotonic: 3, parts: { processes: { list: [a], skipped: 0 } } };
  const gone = encodeFrame(third, state, { key: false, stored: keep });
  assert.deepEqual(gone.gone, [11, 12, 13]);
  assert.deepEqual(gone.parts, { cpu: null });
});

test('stored text (command lines, kernel lines) goes through the redaction; the live sample is untouched', () => {
  const m = simulatedMachine({ processes: 5 });
  const raw = m.tick();
  const secret = 'mysql -u root --password=hunter2';
  const list = raw.parts.processes!.list;
  list[0] = { ...list[0]!, cmdline: secret };
  raw.parts.kernel = [{ time: 1, source: 'kmsg', priority: 3, message: 'token=abc in log' }];
  const redact = (s: string) => s.replace(/(password|token)=\S+/g, '$1=[REDACTED]');
  const body = encodeFrame(raw, newEncoderState(), { key: true, stored: redact });
  const back = toRawSample(applyFrame(null, body));
  assert.equal(back.parts.processes!.list[0]!.cmdline, 'mysql -u root --password=[REDACTED]');
  assert.equal(back.parts.kernel![0]!.message, 'token=[REDACTED] in log');
  assert.equal(raw.parts.processes!.list[0]!.cmdline, secret);
  assert.ok(!JSON.stringify(body).includes('hunter2'));
});

test('a delta without the frame before it is refused, as is another frame version', () => {
  const m = simulatedMachine({ processes: 3 });
  const state = newEncoderState();
  encodeFrame(m.tick(), state, { key: true, stored: keep });
  const delta = encodeFrame(m.tick(), state, { key: false, stored: keep });
  assert.throws(() => applyFrame(null, delta), /without the frame before/);
  assert.throws(() => applyFrame(null, { ...delta, k: 1, v: 99 }), /version 99/);
});

test('the capture ring gives back whole samples from the rows that moved', () => {
  const m = simulatedMachine({ processes: 100, busy: 7, churn: 2, tickMs: 1000 });
  const ring = new CaptureRing();
  const pushed: RawSample[] = [];
  for (let i = 0; i < 200; i++) {
    const raw = m.tick();
    if (i === 50) m.kill([1001, 1002]);
    if (i === 90) m.storm(5, 10);
    ring.push(raw, 60_000);
    pushed.push(raw);
  }
  const back = ring.since(0);
  assert.equal(back.length, 62, 'the minute and the sample before it');
  assert.deepEqual(back, pushed.slice(-62), 'every sample whole, its rows the very same objects');
  assert.equal(ring.latest(), pushed.at(-1));
  // Inside an incident, each tick asks for the samples after the last one written.
  assert.equal(ring.after(pushed.at(-2)!.time)[0], pushed.at(-1), "the newest: the engine's own sample");
  assert.deepEqual(ring.after(pushed.at(-4)!.time), pushed.slice(-3));
  assert.deepEqual(ring.after(pushed.at(-1)!.time), []);
  assert.deepEqual(new CaptureRing().after(0), []);
  // A list in another order (a fixture tree): compared by pid instead, same samples back.
  const shuffled = new CaptureRing();
  for (const raw of pushed.slice(-30)) {
    const list = [...raw.parts.processes!.list].reverse();
    shuffled.push({ ...raw, parts: { ...raw.parts, processes: { ...raw.parts.processes!, list } } }, 60_000);
  }
  assert.deepEqual(shuffled.since(0), pushed.slice(-30));
});

test('the capture ring keeps the window (and one sample before it) and stays under its byte budget', () => {
  const m = simulatedMachine({ processes: 200, busy: 10, tickMs: 1000 });
  const ring = new CaptureRing(10 * 1024 * 1024);
  for (let i = 0; i < 300; i++) ring.push(m.tick(), 120_000);
  assert.equal(ring.size, 122, '120 s at 1 s, both ends, and the sample before');
  const latest = ring.latest()!.time;
  const window = ring.since(latest - 60_000);
  assert.equal(window.length, 62, 'the 61 samples of the last minute and the one before');
  assert.equal(window[0]!.time, latest - 61_000);
  // Rows that did not move count once: 200 rows + 121 samples × 10 moved rows, not 122 × 200.
  const shared = ring.bytes;
  const small = new CaptureRing(shared / 2);
  const m2 = simulatedMachine({ processes: 200, busy: 10, tickMs: 1000 });
  for (let i = 0; i < 300; i++) small.push(m2.tick(), 120_000);
  assert.ok(small.bytes <= shared / 2, `${small.bytes} within ${shared / 2}`);
  assert.ok(small.size < 122 && small.size > 2);
  assert.ok(small.overBudget > 0);
  // Every process moving every tick costs a row per process per sample.
  const busy = new CaptureRing(1e9);
  const m3 = simulatedMachine({ processes: 200, busy: 200, tickMs: 1000 });
  for (let i = 0; i < 300; i++) busy.push(m3.tick(), 120_000);
  assert.ok(busy.bytes > shared * 5, `all moving ${busy.bytes} vs mostly idle ${shared}`);
});

test('a chain redacts each command line once: the next keyframe reuses what the last one stored', () => {
  const m = simulatedMachine({ processes: 50, busy: 5, churn: 0 });
  let calls = 0;
  const stored = (s: string) => {
    calls++;
    return s.toUpperCase();
  };
  const state = newEncoderState();
  const first = encodeFrame(m.tick(), state, { key: true, stored });
  assert.equal(calls, 50);
  encodeFrame(m.tick(), state, { key: false, stored });
  const again = encodeFrame(m.tick(), state, { key: true, stored });
  assert.equal(calls, 50, 'nothing new to redact');
  assert.deepEqual(
    again.rows?.map((r) => r[7]),
    first.rows?.map((r) => r[7]),
  );
  m.storm(3, 10);
  encodeFrame(m.tick(), state, { key: false, stored });
  assert.equal(calls, 53, 'only the new processes');
});
