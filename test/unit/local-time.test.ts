// `--at TIME` as users type it, with a fixed "now" and time zone (Europe/Paris: a zone with an
// offset and daylight saving, so local and UTC differ and a clock time can be skipped).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { localClock, localDateTime, localZone, parseAtTime } from '../../src/core/local-time.ts';

const saved = process.env.TZ;
before(() => {
  process.env.TZ = 'Europe/Paris';
});
after(() => {
  if (saved === undefined) delete process.env.TZ;
  else process.env.TZ = saved;
});

// 2026-11-30 10:00:00 in Paris (UTC+1).
const NOW = Date.UTC(2026, 10, 30, 9, 0, 0);
const at = (text: string) => parseAtTime(text, NOW);
const ms = (text: string) => {
  const r = at(text);
  assert.ok(r && r.kind === 'time', `${text} is a time`);
  return r.ms;
};

test('ISO 8601: without a zone it is local time; Z and offsets are honoured', () => {
  assert.equal(ms('2026-11-30T03:12:05'), Date.UTC(2026, 10, 30, 2, 12, 5));
  assert.equal(ms('2026-11-30 03:12'), Date.UTC(2026, 10, 30, 2, 12, 0));
  assert.equal(ms('2026-11-30'), Date.UTC(2026, 10, 29, 23, 0, 0));
  assert.equal(ms('2026-11-30T03:12:05.250Z'), Date.UTC(2026, 10, 30, 3, 12, 5, 250));
  assert.equal(ms('2026-11-30T03:12:05+05:30'), Date.UTC(2026, 10, 29, 21, 42, 5));
  assert.equal(ms('2026-07-01T12:00:00'), Date.UTC(2026, 6, 1, 10, 0, 0), 'summer time: UTC+2');
  // What `report --json` prints round-trips exactly.
  const fired = new Date(Date.UTC(2026, 10, 30, 3, 12, 5, 123)).toISOString();
  assert.equal(ms(fired), Date.UTC(2026, 10, 30, 3, 12, 5, 123));
});

test('relative times count back from now', () => {
  assert.equal(ms('-10m'), NOW - 600_000);
  assert.equal(ms('-2h'), NOW - 7_200_000);
  assert.equal(ms('-90s'), NOW - 90_000);
  assert.equal(ms('-1d'), NOW - 86_400_000);
  assert.equal(ms('-1.5h'), NOW - 5_400_000);
});

test('a clock time is its most recent past occurrence, local time', () => {
  assert.equal(ms('03:12'), Date.UTC(2026, 10, 30, 2, 12, 0), 'earlier today');
  assert.equal(ms('09:59:59'), Date.UTC(2026, 10, 30, 8, 59, 59));
  assert.equal(ms('23:30'), Date.UTC(2026, 10, 29, 22, 30, 0), 'still to come today: yesterday');
  assert.equal(ms('10:00'), NOW, 'now itself');
  // 02:30 did not exist on 2026-03-29 in Paris (clocks went 02:00 → 03:00).
  const dst = Date.UTC(2026, 2, 29, 9, 0, 0);
  const r = parseAtTime('02:30', dst);
  assert.ok(r && r.kind === 'time');
  assert.equal(r.ms, Date.UTC(2026, 2, 29, 1, 30, 0), 'the skipped half hour lands on the moment it names');
});

test('an alert id names the alert; anything else is refused', () => {
  assert.deepEqual(at('ghost_process_storm-3f2a9c0d1e7b'), {
    kind: 'alert',
    id: 'ghost_process_storm-3f2a9c0d1e7b',
  });
  assert.deepEqual(at('ram_high-0123456789ab'), { kind: 'alert', id: 'ram_high-0123456789ab' });
  for (const bad of [
    '',
    'yesterday',
    '10m',
    '+10m',
    '-10x',
    '25:00',
    '03:60',
    '2026-13-01',
    '2026-02-30T10:00',
    '2026-11-30T24:00',
    '2026-11-30T03:12+15:00',
    'RAM_HIGH-0123',
  ])
    assert.equal(at(bad), null, `'${bad}' is refused`);
});

test('local time as shown: date, clock and zone', () => {
  const t = Date.UTC(2026, 10, 30, 2, 12, 5);
  assert.equal(localDateTime(t), '2026-11-30 03:12:05');
  assert.equal(localClock(t), '03:12:05');
  assert.equal(localZone(t), '+01:00');
  assert.equal(localZone(Date.UTC(2026, 6, 1)), '+02:00');
});
