// Running the collectors of one tick (the `Collector<K>` contract, src/core/types.ts): cadence
// (`everyTicks`), a deadline for async collectors (`timeoutMs`), and carry-forward of the last
// value when a collector is not due, late or failing. Nothing here can stall a tick.
import type { CollectContext, Collector, Logger } from '../core/types.ts';

/** One collector and what the engine remembers of it between ticks. */
export interface Slot {
  collector: Collector;
  last: unknown;
  hasLast: boolean;
  pending: Promise<unknown> | null;
}

export function slotsFor(collectors: readonly Collector[]): Slot[] {
  return collectors.map((collector) => ({ collector, last: undefined, hasLast: false, pending: null }));
}

/** The value a slot contributes this tick, or undefined (the part is left out of the sample). */
export async function runCollector(
  slot: Slot,
  ctx: CollectContext,
  failed: (name: string, err: unknown) => void,
  log: Logger,
): Promise<unknown> {
  const c = slot.collector;
  const carry = c.carryForward !== false;
  const carried = (): unknown => (carry && slot.hasLast ? slot.last : undefined);
  const due = ctx.tick % Math.max(1, c.everyTicks ?? 1) === 0;
  if (!due || slot.pending) return carried();
  let result: unknown;
  try {
    result = c.collect(ctx);
  } catch (err) {
    failed(c.name, err);
    return carried();
  }
  if (!(result instanceof Promise)) {
    slot.last = result;
    slot.hasLast = true;
    return result;
  }
  // An async collector gets a deadline; if late, the tick goes on with the last value and the
  // promise keeps running (no second call until it settles): nothing can stall sampling.
  const settled = result.then(
    (value) => {
      slot.last = value;
      slot.hasLast = true;
      slot.pending = null;
      return { value };
    },
    (err) => {
      slot.pending = null;
      failed(c.name, err);
      return { value: carried() };
    },
  );
  slot.pending = settled;
  let timeout: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timeout = setTimeout(() => resolve(null), c.timeoutMs ?? 250);
  });
  const first = await Promise.race([settled, late]);
  clearTimeout(timeout);
  if (first === null) {
    log.once(`collector-late:${c.name}`, 'warn', 'collector too slow; tick continues without waiting', {
      collector: c.name,
      timeoutMs: c.timeoutMs ?? 250,
    });
    return carried();
  }
  return first.value;
}

/** Close every collector (stop); a failing close is logged, never thrown. */
export async function closeSlots(slots: readonly Slot[], log: Logger): Promise<void> {
  for (const s of slots) {
    try {
      await s.collector.close?.();
    } catch (err) {
      log.warn('collector close failed', { collector: s.collector.name, error: (err as Error).message });
    }
  }
}
