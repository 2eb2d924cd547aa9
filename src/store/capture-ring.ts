// The capture ring: the last minutes of raw samples, every process's raw counters at the tick
// rate, held in memory by whoever records history so that, when an alert fires, the minutes
// before it can still be written (docs/history.md, "The incident recorder"). It holds the
// engine's own samples: a process that did not move between two sweeps is the same immutable row
// in both (src/collectors/processes.ts), so a tick costs the ring one list of pointers and the
// rows that changed. Its size is bounded by time (`incident_before_secs`) and by a byte budget
// that counts inside the daemon's memory goal.
import type { ProcessRaw, RawSample } from '../core/types.ts';

/** Default byte budget of the ring (docs/performance.md: counted in the daemon's 70 MB). */
export const CAPTURE_BUDGET_BYTES = 8 * 1024 * 1024;

// What the ring holds, as V8 lays it out on 64-bit Node (measured, docs/performance.md): a raw
// row is an object of 15 fields plus a boxed number now and then; a sample's list is a pointer
// per process; the system parts are small objects and arrays per core, disk and interface.
const ROW_BYTES = 160;
const POINTER_BYTES = 8;
const SAMPLE_BYTES = 2048;
const PART_ITEM_BYTES = 96;

interface Entry {
  raw: RawSample;
  /** Rows of this sample not shared with the sample before it (by identity). */
  fresh: number;
  /** The sample's own bytes: its list and system parts. */
  own: number;
}

/** Rows of `cur` that are not the very same object in `prev` (both lists in pid order, as /proc lists them). */
export function freshRows(prev: readonly ProcessRaw[], cur: readonly ProcessRaw[]): number {
  let fresh = 0;
  let j = 0;
  for (const row of cur) {
    while (j < prev.length && prev[j]!.pid < row.pid) j++;
    if (j < prev.length && prev[j] === row) j++;
    else fresh++;
  }
  return fresh;
}

function ownBytes(raw: RawSample): number {
  const p = raw.parts;
  const items =
    (p.cpu?.perCore.length ?? 0) +
    (p.disks ? p.disks.mounts.length + p.disks.io.length : 0) +
    (p.network?.interfaces.length ?? 0) +
    (p.gpus?.length ?? 0) +
    (p.temperatures?.sensors.length ?? 0) +
    (p.kernel?.length ?? 0);
  return SAMPLE_BYTES + items * PART_ITEM_BYTES + (p.processes?.list.length ?? 0) * POINTER_BYTES;
}

export class CaptureRing {
  readonly #entries: Entry[] = [];
  #budget: number;
  #rows = 0;
  #own = 0;
  /** Samples dropped for the budget before their time was up (the window was cut short). */
  overBudget = 0;

  constructor(budgetBytes = CAPTURE_BUDGET_BYTES) {
    this.#budget = budgetBytes;
  }

  /** Bytes the ring holds (estimated from what it counts: distinct rows, lists, parts). */
  get bytes(): number {
    return this.#rows * ROW_BYTES + this.#own;
  }

  get size(): number {
    return this.#entries.length;
  }

  /** Add the tick's sample; keep `windowMs` before it (and one sample more, derive's previous). */
  push(raw: RawSample, windowMs: number): void {
    const last = this.#entries[this.#entries.length - 1];
    const list = raw.parts.processes?.list ?? [];
    const fresh = last ? freshRows(last.raw.parts.processes?.list ?? [], list) : list.length;
    const own = ownBytes(raw);
    this.#entries.push({ raw, fresh, own });
    this.#rows += fresh;
    this.#own += own;
    while (this.#entries.length > 1 && this.#entries[1]!.raw.time < raw.time - windowMs) this.#shift();
    while (this.#entries.length > 2 && this.bytes > this.#budget) {
      this.#shift();
      this.overBudget++;
    }
  }

  #shift(): void {
    const gone = this.#entries.shift()!;
    const next = this.#entries[0];
    this.#own -= gone.own;
    if (!next) {
      this.#rows = 0;
      return;
    }
    // Distinct rows = the first sample's rows + each later sample's fresh ones. The next sample
    // becomes the first: its rows all count, the ones only the dropped sample held go.
    const rows = next.raw.parts.processes?.list.length ?? 0;
    this.#rows += rows - gone.fresh - next.fresh;
    next.fresh = rows;
  }

  /** The samples from `fromMs` on, with the one just before it when the ring has it (oldest first). */
  since(fromMs: number): RawSample[] {
    const i = this.#entries.findIndex((e) => e.raw.time >= fromMs);
    if (i < 0) return [];
    return this.#entries.slice(Math.max(0, i - 1)).map((e) => e.raw);
  }

  latest(): RawSample | undefined {
    return this.#entries[this.#entries.length - 1]?.raw;
  }

  clear(): void {
    this.#entries.length = 0;
    this.#rows = 0;
    this.#own = 0;
  }

  setBudget(bytes: number): void {
    this.#budget = bytes;
  }
}
