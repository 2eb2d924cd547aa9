// `vigil watch --at` in a real tmux, on a recorded half hour with an incident: the screen opens
// on the recorded machine with a REPLAY marker, shows the processes recorded then (a storm long
// gone), steps through frames with [ and ], refuses k and F9 with a message, explains a recorded
// process locally, and R goes back to the live machine.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { localClock } from '../../src/core/local-time.ts';
import type { AlertEvent } from '../../src/core/types.ts';
import { simulatedMachine } from '../helpers/machine.ts';
import { alertEvent, recording } from '../helpers/recording.ts';
import { type Session, startVigil } from './helpers.ts';

const TICK = 5000;
const dir = mkdtempSync(join(tmpdir(), 'vigil-tui-replay-'));
const dataDir = join(dir, 'data');
const config = join(dir, 'config.toml');
const ALERT = 'ghost_process_storm-0123456789ab';
let firedAt = 0;
let storm: number[] = [];
let s: Session;

before(() => {
  writeFileSync(config, '[notifications]\ndesktop = false\n[ui]\nkeymap = "default"\n');
  const start = Date.now() - 40 * 60_000;
  const { clock, recorder, d } = recording(dataDir, start);
  const m = simulatedMachine({ processes: 60, busy: 6, churn: 0, tickMs: TICK, start });
  for (let i = 1; i <= 12 * 30; i++) {
    clock.tick(TICK);
    if (i === 12 * 10 - 6) storm = m.storm(6, 90, '/usr/bin/python3 /home/dev/replayed_mcp_server.py');
    const raw = m.tick();
    const events: AlertEvent[] = [];
    if (i === 12 * 10) {
      firedAt = raw.time;
      events.push(alertEvent('fired', raw.time, { subject: { pids: storm } }));
    }
    if (i === 12 * 12) m.kill(storm);
    d.tick(raw, events);
  }
  recorder.stop();
  s = startVigil(
    `vigil-replay-${process.pid}`,
    ['watch', '--at', ALERT, '--interval', '0.5', '--data-dir', dataDir, '--config', config],
    { env: { TERM: 'tmux-256color', LANG: 'C.UTF-8' } },
  );
});

after(() => {
  s?.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** The pids in the table's rows on screen. */
function pidsShown(pane: string): number[] {
  return pane
    .split('\n')
    .filter((l) => /^│ +\d+ /.test(l))
    .map((l) => Number(/│ +(\d+)/.exec(l)![1]));
}

test('watch --at an alert id opens on the recorded moment: marker, storm processes, its alert', async () => {
  const marker = `REPLAY ${localClock(firedAt)}`;
  const pane = await s.waitFor(new RegExp(`${marker}[\\s\\S]*${marker}`));
  assert.match(pane, new RegExp(`─ Processes · ${marker}`), 'the table says it is the recorded machine');
  assert.match(
    pane,
    new RegExp(`^ ${marker}  incident every 5s`, 'm'),
    'the status line starts with the marker',
  );
  assert.match(pane, /\[MED\]|\[HIGH\] ghost_process_storm/);
  // The storm's servers, long gone from this machine, are in the recorded table.
  s.type('\\');
  s.type('replayed_mcp');
  s.keys('Enter');
  const filtered = await s.waitFor(/filter "replayed_mcp" 6\/\d+/);
  assert.deepEqual(
    pidsShown(filtered).sort((a, b) => a - b),
    storm,
  );
});

test('k and F9 on a recorded row are refused with a message; nothing opens', async () => {
  s.keys('Home', 'k');
  const refused = await s.waitFor(/nothing can be signalled from a recorded moment \(R returns to live\)/);
  assert.doesNotMatch(refused, /Send a signal/);
  s.keys('Escape'); // clears the filter
  await s.waitFor(/incident every 5s/);
  s.keys('F9');
  await s.waitFor(/nothing can be signalled from a recorded moment/);
  s.keys('F7');
  await s.waitFor(/nothing can be signalled from a recorded moment/);
});

test('[ and ] step one tick inside the incident; e explains a recorded process locally', async () => {
  s.keys('[');
  await s.waitFor(new RegExp(`REPLAY ${localClock(firedAt - TICK)}`));
  s.keys(']', ']');
  await s.waitFor(new RegExp(`REPLAY ${localClock(firedAt + TICK)}`));
  s.keys('e');
  const explained = await s.waitFor(/as recorded at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
  assert.match(explained, /─ Explain: \d+ /);
  s.keys('Escape');
});

test('R returns to the live machine, where none of the recorded storm runs', async () => {
  s.keys('R');
  const pane = await s.waitFor(/ mode observe .*live again/);
  assert.doesNotMatch(pane, /REPLAY/);
  s.type('\\');
  s.type('replayed_mcp');
  s.keys('Enter');
  const live = await s.waitFor(/filter "replayed_mcp" 0\/\d+/);
  assert.deepEqual(pidsShown(live), []);
});
