// `vigil status --at` from the command line on a recorded half hour: the recorded moment in the
// §5 shape, and a clear message with the right exit code for everything else (a time it cannot
// read, --check beside it, no history, an alert never seen, a time outside what was recorded).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { AlertEvent } from '../../src/core/types.ts';
import { runCli } from '../helpers/cli.ts';
import { simulatedMachine } from '../helpers/machine.ts';
import { alertEvent, recording } from '../helpers/recording.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-status-at-'));
const dataDir = join(dir, 'data');
const env = { XDG_CONFIG_HOME: join(dir, 'cfg'), VIGIL_DATA_DIR: '' };
const START = Date.now() - 40 * 60_000;
let firedAt = 0;

before(() => {
  const { clock, recorder, d } = recording(dataDir, START);
  const m = simulatedMachine({ processes: 40, busy: 5, tickMs: 5000, start: START });
  for (let i = 1; i <= 12 * 30; i++) {
    clock.tick(5000);
    const raw = m.tick();
    const events: AlertEvent[] = [];
    if (i === 12 * 10) {
      firedAt = raw.time;
      events.push(alertEvent('fired', raw.time));
    }
    d.tick(raw, events);
  }
  recorder.stop();
});
after(() => rmSync(dir, { recursive: true, force: true }));

const status = (...args: string[]) => runCli(['status', '--data-dir', dataDir, ...args], env);

test('--at a relative time and an alert id: the recorded moment, same shape, with `replay`', () => {
  const r = status('--at', '-20m', '--json', '--top', '3');
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout) as {
    processes: unknown[];
    replay: { source: string; resolutionSecs: number };
  };
  assert.equal(s.processes.length, 3);
  assert.equal(s.replay.source, 'minute');
  assert.equal(s.replay.resolutionSecs, 60);
  const byId = status('--at', 'ghost_process_storm-0123456789ab', '--json');
  assert.equal(byId.code, 0, byId.stderr);
  const j = JSON.parse(byId.stdout) as { time: string; alerts: { id: string }[]; replay: { source: string } };
  assert.equal(j.time, new Date(firedAt).toISOString());
  assert.equal(j.replay.source, 'incident');
  assert.deepEqual(
    j.alerts.map((a) => a.id),
    ['ghost_process_storm-0123456789ab'],
  );
});

test('bad --at values are usage errors (exit 2; 3 with --check) that say what is accepted', () => {
  for (const value of ['yesterday', '10m', '2026-02-30']) {
    const r = status('--at', value);
    assert.equal(r.code, 2, value);
    assert.match(
      r.stderr,
      /--at expects a time: ISO 8601 .* relative \(-10m, -2h\), a clock time .* or an alert id/,
    );
    assert.ok(r.stderr.includes(`'${value}'`));
  }
  const fr = status('--at', 'hier', '--lang', 'fr');
  assert.equal(fr.code, 2);
  assert.match(fr.stderr, /--at attend une date/);
  // With --check every failure is the monitoring plugin's UNKNOWN, on stdout, exit 3.
  const check = status('--at', '-5m', '--check');
  assert.equal(check.code, 3);
  assert.match(check.stdout, /^VIGIL UNKNOWN - --at and --check cannot be combined/);
});

test('nothing to show: a clear one-line message and exit 1', () => {
  const none = runCli(['status', '--at', '-5m', '--data-dir', join(dir, 'empty')], env);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^vigil: No history in .*empty yet/);
  const unknown = status('--at', 'ram_high-ffffffffffff');
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /No firing of alert 'ram_high-ffffffffffff'/);
  const early = status('--at', '-2d');
  assert.equal(early.code, 1);
  assert.match(early.stderr, /Nothing recorded at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d: history starts at /);
  const late = status('--at', new Date(Date.now() + 3_600_000).toISOString());
  assert.equal(late.code, 1);
  assert.match(late.stderr, /history ends at /);
  assert.equal(late.stderr.split('\n').filter(Boolean).length, 1, 'one line');
});

test('watch --at says what is wrong before the screen opens', () => {
  const bad = runCli(['watch', '--at', 'soon', '--data-dir', dataDir], env);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--at expects a time/);
  const none = runCli(['watch', '--at', '-5m', '--data-dir', join(dir, 'empty')], env);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /No history in .*empty yet/);
  const early = runCli(['watch', '--at', '-3d', '--data-dir', dataDir], env);
  assert.equal(early.code, 1);
  assert.match(early.stderr, /history starts at/);
});
