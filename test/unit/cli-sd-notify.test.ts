// systemd's notify protocol on the daemon's side (src/cli/sd-notify.ts): what is read from the
// environment, and when READY, WATCHDOG and WATCHDOG_USEC are sent, on an injected clock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSystemdNotifier, notifyTarget, watchdogPlan } from '../../src/cli/sd-notify.ts';
import { memoryLogger } from '../../src/core/log.ts';

test('notifyTarget reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID as sd_notify does', () => {
  assert.equal(notifyTarget({}, 10), null);
  assert.equal(notifyTarget({ NOTIFY_SOCKET: 'relative/path' }, 10), null);
  assert.deepEqual(notifyTarget({ NOTIFY_SOCKET: '/run/systemd/notify' }, 10), {
    socket: '/run/systemd/notify',
    watchdogMs: null,
  });
  assert.deepEqual(notifyTarget({ NOTIFY_SOCKET: '@sd', WATCHDOG_USEC: '60000000' }, 10), {
    socket: '@sd',
    watchdogMs: 60_000,
  });
  const env = { NOTIFY_SOCKET: '/n', WATCHDOG_USEC: '60000000', WATCHDOG_PID: '10' };
  assert.equal(notifyTarget(env, 10)?.watchdogMs, 60_000);
  assert.equal(notifyTarget(env, 11)?.watchdogMs, null, "another pid's watchdog is not ours");
  assert.equal(notifyTarget({ NOTIFY_SOCKET: '/n', WATCHDOG_USEC: 'x' }, 10)?.watchdogMs, null);
});

test('watchdogPlan: half the period, never shorter than three sampling intervals', () => {
  assert.deepEqual(watchdogPlan(60_000, 5), { periodMs: 60_000, pingEveryMs: 30_000 });
  assert.deepEqual(watchdogPlan(60_000, 30), { periodMs: 90_000, pingEveryMs: 45_000 });
});

function harness(watchdogMs: number | null, intervalSecs = 5) {
  let clock = 0;
  const sent: string[][] = [];
  let release: (() => void) | null = null;
  let hold = false;
  const log = memoryLogger();
  const n = createSystemdNotifier({
    target: { socket: '/n', watchdogMs },
    intervalSecs,
    now: () => clock,
    log,
    send: (a) => {
      sent.push(a);
      return hold ? new Promise<void>((r) => (release = r)) : Promise.resolve();
    },
  });
  return {
    n,
    sent,
    log,
    tick: async (atMs: number) => {
      clock = atMs;
      n.ticked('s');
      await Promise.resolve();
    },
    holdNext: () => {
      hold = true;
    },
    releaseHeld: async () => {
      hold = false;
      release?.();
      await n.idle();
    },
  };
}

test('READY after the first tick, then WATCHDOG every half period from the ticks, not every tick', async () => {
  const h = harness(60_000);
  await h.tick(0);
  assert.deepEqual(h.sent, [['READY=1', 'STATUS=s']]);
  for (let t = 5_000; t < 30_000; t += 5_000) await h.tick(t);
  assert.equal(h.sent.length, 1, 'no ping before half the period');
  await h.tick(30_000);
  assert.deepEqual(h.sent[1], ['WATCHDOG=1', 'STATUS=s']);
  for (let t = 35_000; t <= 120_000; t += 5_000) await h.tick(t);
  assert.deepEqual(
    h.sent.map((a) => a[0]),
    ['READY=1', 'WATCHDOG=1', 'WATCHDOG=1', 'WATCHDOG=1', 'WATCHDOG=1'],
    '24 ticks over two minutes: 4 pings',
  );
  h.n.stopping();
  assert.deepEqual(h.sent.at(-1), ['STOPPING=1']);
});

test('without WatchdogSec= only READY is sent', async () => {
  const h = harness(null);
  for (let t = 0; t <= 600_000; t += 5_000) await h.tick(t);
  assert.deepEqual(h.sent, [['READY=1', 'STATUS=s']]);
});

test('a ping due while the previous message is still being sent waits for the next tick', async () => {
  const h = harness(10_000, 1);
  await h.tick(0);
  h.holdNext();
  await h.tick(5_000);
  assert.equal(h.sent.length, 2);
  await h.tick(11_000);
  assert.equal(h.sent.length, 2, 'one message in flight at most');
  await h.releaseHeld();
  await h.tick(12_000);
  assert.deepEqual(h.sent[2], ['WATCHDOG=1', 'STATUS=s']);
});

test('an interval too long for the unit’s watchdog asks systemd for three intervals', async () => {
  const h = harness(30_000, 20);
  await h.tick(0);
  assert.deepEqual(h.sent[0], ['READY=1', 'STATUS=s', 'WATCHDOG_USEC=60000000']);
  assert.ok(h.log.lines.some((l) => l.event === 'watchdog period set' && l.watchdogSecs === 60));
  await h.tick(20_000);
  assert.equal(h.sent.length, 1);
  await h.tick(40_000);
  assert.deepEqual(h.sent[1], ['WATCHDOG=1', 'STATUS=s'], 'asked once');
  // A reload back to a short interval gives the unit's period back.
  h.n.setInterval(5);
  await h.tick(60_000);
  assert.deepEqual(h.sent[2], ['WATCHDOG=1', 'STATUS=s', 'WATCHDOG_USEC=30000000']);
});
