import type { Clock } from './types.ts';

/** When this module loaded: the monotonic clock counts from there, as performance.now() from start. */
const ORIGIN = process.hrtime();

/**
 * Milliseconds on the system's monotonic clock. Not performance.now(): the global `performance`
 * loads perf_hooks and nine more modules on first use, ~1.2 MB resident for a daemon that needs
 * one number a tick (docs/performance.md, "Memory").
 */
function monotonic(): number {
  const [s, ns] = process.hrtime(ORIGIN);
  return s * 1000 + ns / 1e6;
}

export const realClock: Clock = {
  now: () => Date.now(),
  monotonic,
};

/** A clock tests move by hand: `clock.tick(2000)`. */
export class FakeClock implements Clock {
  private wall: number;
  private mono = 0;
  constructor(startMs = Date.UTC(2026, 0, 1, 12, 0, 0)) {
    this.wall = startMs;
  }
  now(): number {
    return this.wall;
  }
  monotonic(): number {
    return this.mono;
  }
  tick(ms: number): void {
    this.wall += ms;
    this.mono += ms;
  }
}
