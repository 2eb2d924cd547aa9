import type { Clock } from './types.ts';

export const realClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
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
