import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createBudget, DAY_MS } from '../../src/ai/budget.ts';
import { estimateCost, priceOf } from '../../src/ai/cost.ts';
import { callTimes } from '../../src/ai/record.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { openStore } from '../../src/store/index.ts';

test('cooldown: one call per cooldown_secs', () => {
  const clock = new FakeClock();
  const b = createBudget({ clock, cooldownSecs: 60, maxCallsPerDay: 50 });
  assert.deepEqual(b.acquire(), { ok: true });
  const d = b.acquire();
  assert.equal(d.ok, false);
  if (!d.ok) {
    assert.equal(d.reason, 'cooldown');
    assert.equal(d.retryInMs, 60_000);
  }
  clock.tick(59_999);
  assert.equal(b.acquire().ok, false);
  clock.tick(1);
  assert.equal(b.acquire().ok, true);
  assert.equal(b.callsToday(), 2);
});

test('daily cap: max_calls_per_day in any 24 hours, then the window slides', () => {
  const clock = new FakeClock();
  const b = createBudget({ clock, cooldownSecs: 0, maxCallsPerDay: 3 });
  for (let i = 0; i < 3; i++) {
    assert.equal(b.acquire().ok, true);
    clock.tick(60_000);
  }
  const d = b.acquire();
  assert.equal(d.ok ? 'ok' : d.reason, 'daily_cap');
  clock.tick(DAY_MS - 3 * 60_000);
  assert.equal(b.acquire().ok, true, 'the first call left the window');
  assert.equal(b.acquire().ok ? 'ok' : 'capped', 'capped');
  b.setLimits(0, 0);
  assert.equal(b.check().ok, false, 'a cap of 0 allows nothing');
});

test('calls persist across restarts through the store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-ai-budget-'));
  try {
    const clock = new FakeClock(Date.now());
    const store = openStore(dir, { clock });
    assert.equal(store.status().available, true);
    for (let i = 0; i < 2; i++) {
      store.recordAiCall({
        time: clock.now(),
        purpose: 'alert',
        model: 'claude-sonnet-4-5',
        inputTokens: 10,
        outputTokens: 5,
        latencyMs: 100,
        outcome: 'ok',
      });
      clock.tick(120_000);
    }
    store.recordAiCall({
      time: clock.now(),
      purpose: 'alert',
      model: 'claude-sonnet-4-5',
      inputTokens: 0,
      outputTokens: 0,
      latencyMs: 0,
      outcome: 'skipped',
    });
    store.close();
    // A new process: reopen, seed, and the cap of 2 still holds; skipped rows do not count.
    const again = openStore(dir, { clock });
    const previous = callTimes(again, clock.now());
    assert.equal(previous.length, 2);
    const b = createBudget({ clock, cooldownSecs: 60, maxCallsPerDay: 2, previous });
    const d = b.acquire();
    assert.equal(d.ok ? 'ok' : d.reason, 'daily_cap');
    // Merging the same rows again does not double count.
    const b2 = createBudget({ clock, cooldownSecs: 0, maxCallsPerDay: 3, previous });
    b2.merge(callTimes(again, clock.now()));
    assert.equal(b2.callsToday(), 2);
    again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cost: per model price table, unknown models have no cost', () => {
  assert.deepEqual(priceOf('claude-sonnet-4-5-20250929'), { inputPerMTok: 3, outputPerMTok: 15 });
  assert.equal(estimateCost('claude-sonnet-4-5', { inputTokens: 1_000_000, outputTokens: 0 }), 3);
  assert.equal(estimateCost('claude-haiku-4-5', { inputTokens: 2000, outputTokens: 1000 }), 0.007);
  assert.equal(
    estimateCost('claude-opus-4-1', { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 1_000_000 }),
    1.5,
  );
  assert.equal(estimateCost('some-local-model', { inputTokens: 10, outputTokens: 10 }), null);
  // claude-opus-4 must not price claude-opus-4-5 (longest prefix wins).
  assert.equal(priceOf('claude-opus-4-5')?.inputPerMTok, 5);
});
