// Cost control (SPEC §8): at most one AI call per `ai.cooldown_secs`, at most `ai.max_calls_per_day`
// in any rolling 24 hours. The calls already made are seeded from the history store when it
// exists, so a restart (or another Vigil process: `vigil explain` beside the daemon) does not
// reset the count.
import type { Clock } from '../core/types.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;

export type BudgetDecision =
  | { ok: true }
  | { ok: false; reason: 'cooldown' | 'daily_cap'; retryInMs: number; callsToday: number };

export interface BudgetOptions {
  clock: Clock;
  cooldownSecs: number;
  maxCallsPerDay: number;
  /** Times (epoch ms) of calls already made, e.g. from the store's aiCallsSince(now - 24 h). */
  previous?: readonly number[];
}

export interface Budget {
  /** May a call be made now? (Does not consume.) */
  check(): BudgetDecision;
  /** Check and, when allowed, count a call made now. */
  acquire(): BudgetDecision;
  /** Calls counted in the last 24 hours. */
  callsToday(): number;
  setLimits(cooldownSecs: number, maxCallsPerDay: number): void;
  /** Add calls another process made (times not already counted), e.g. re-read from the store. */
  merge(times: readonly number[]): void;
  /** The time of the last counted call, or null. */
  last(): number | null;
}

export function createBudget(opts: BudgetOptions): Budget {
  const clock = opts.clock;
  let cooldownMs = Math.max(0, opts.cooldownSecs) * 1000;
  let max = Math.max(0, Math.floor(opts.maxCallsPerDay));
  // Oldest first; only the last 24 h are kept.
  let calls = [...(opts.previous ?? [])].filter((t) => Number.isFinite(t)).sort((a, b) => a - b);

  function prune(now: number): void {
    const from = now - DAY_MS;
    if (calls.length && calls[0]! <= from) calls = calls.filter((t) => t > from);
  }

  function check(): BudgetDecision {
    const now = clock.now();
    prune(now);
    const last = calls[calls.length - 1];
    if (calls.length >= max) {
      const oldest = calls[0] ?? now;
      return {
        ok: false,
        reason: 'daily_cap',
        retryInMs: Math.max(0, oldest + DAY_MS - now),
        callsToday: calls.length,
      };
    }
    if (last !== undefined && now - last < cooldownMs) {
      return {
        ok: false,
        reason: 'cooldown',
        retryInMs: cooldownMs - (now - last),
        callsToday: calls.length,
      };
    }
    return { ok: true };
  }

  return {
    check,
    acquire() {
      const d = check();
      if (d.ok) calls.push(clock.now());
      return d;
    },
    callsToday() {
      prune(clock.now());
      return calls.length;
    },
    merge(times) {
      const known = new Set(calls);
      const added = times.filter((t) => Number.isFinite(t) && !known.has(t));
      if (added.length) calls = [...calls, ...added].sort((a, b) => a - b);
    },
    last() {
      return calls.length ? calls[calls.length - 1]! : null;
    },
    setLimits(cooldownSecs, maxCallsPerDay) {
      cooldownMs = Math.max(0, cooldownSecs) * 1000;
      max = Math.max(0, Math.floor(maxCallsPerDay));
    },
  };
}
