// The engine's loop: a fixed schedule that never overlaps ticks and, when a tick overruns, skips
// the missed slots instead of bursting to catch up.
import type { Clock } from '../core/types.ts';

export interface Schedule {
  readonly running: boolean;
  readonly intervalMs: number;
  start(intervalMs: number): void;
  stop(): void;
  /** A new interval: the next tick comes one new interval from now (the one in flight finishes). */
  retime(intervalMs: number): void;
}

export function fixedSchedule(clock: Clock, tick: () => Promise<void>): Schedule {
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let intervalMs = 0;

  function schedule(nextAt: number): void {
    if (!running) return;
    const delay = Math.max(0, nextAt - clock.monotonic());
    timer = setTimeout(async () => {
      timer = null;
      await tick();
      let next = nextAt + intervalMs;
      const now = clock.monotonic();
      if (next < now) next = now + intervalMs - ((now - nextAt) % intervalMs);
      schedule(next);
    }, delay);
  }

  return {
    get running() {
      return running;
    },
    get intervalMs() {
      return intervalMs;
    },
    start(ms) {
      if (running) return;
      running = true;
      intervalMs = ms;
      schedule(clock.monotonic());
    },
    stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
    },
    retime(ms) {
      if (ms === intervalMs) return;
      intervalMs = ms;
      if (running && timer) {
        clearTimeout(timer);
        timer = null;
        schedule(clock.monotonic() + ms);
      }
    },
  };
}
