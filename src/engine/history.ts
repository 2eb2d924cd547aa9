import type { Snapshot } from '../core/types.ts';

/**
 * A bounded ring of recent snapshots for the TUI's charts. Older entries keep only system-level
 * figures (their process list, alerts and kernel events are dropped) so the ring stays small at
 * ~1000 processes; per-process series belong to the rules that need them.
 */
export class HistoryRing {
  private items: Snapshot[] = [];
  readonly capacity: number;
  constructor(capacity = 720) {
    this.capacity = capacity;
  }

  push(snapshot: Snapshot): void {
    const last = this.items[this.items.length - 1];
    if (last && (last.processes.length || last.alerts.length || last.kernelEvents)) {
      const { kernelEvents: _, ...figures } = last;
      this.items[this.items.length - 1] = { ...figures, processes: [], alerts: [] };
    }
    this.items.push(snapshot);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }

  get size(): number {
    return this.items.length;
  }

  latest(): Snapshot | undefined {
    return this.items[this.items.length - 1];
  }

  /** Oldest first. */
  all(): readonly Snapshot[] {
    return this.items;
  }

  /** Snapshots whose time is within the last `ms` of the latest one. */
  since(ms: number): Snapshot[] {
    const last = this.latest();
    if (!last) return [];
    const from = Date.parse(last.time) - ms;
    return this.items.filter((s) => Date.parse(s.time) >= from);
  }

  /** One numeric series (e.g. s => s.cpu.usagePercent), oldest first, nulls kept. */
  series(pick: (s: Snapshot) => number | null): (number | null)[] {
    return this.items.map(pick);
  }
}
