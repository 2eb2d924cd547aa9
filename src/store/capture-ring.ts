// The capture ring: the last minutes of raw samples, every process's raw counters at the tick
// rate, held in memory by whoever records history so that, when an alert fires, the minutes
// before it can still be written (docs/history.md, "The incident recorder"). It keeps the rows of
// its oldest sample and, for each later one, only what changed: the rows that are not the very
// same object as before (the collector hands out the same immutable row for a process that did
// not move, src/collectors/processes.ts) and the pids that are gone. A tick costs it one walk of
// the process list (two map lookups a row) and the rows that moved; nothing is encoded. Samples are rebuilt whole only when an
// incident is written. Its size is bounded by time (`incident_before_secs`) and by a byte budget
// that counts inside the daemon's memory goal.
import type { ProcessesRaw, ProcessRaw, RawSample } from '../core/types.ts';

/** Default byte budget of the ring (docs/performance.md: counted in the daemon's 70 MB). */
export const CAPTURE_BUDGET_BYTES = 8 * 1024 * 1024;

// What the ring holds, as V8 lays it out on 64-bit Node (docs/performance.md): a raw row is an
// object of 15 fields plus a boxed number now and then, and a map entry or a pointer to reach it;
// a sample's system parts are small objects and arrays per core, disk and interface.
const ROW_BYTES = 160;
const ENTRY_BYTES = 40;
const SAMPLE_BYTES = 2048;
const PART_ITEM_BYTES = 96;

interface Entry {
  /** The sample, its processes part without the list (rows are in the base and the deltas). */
  raw: RawSample;
  /** Rows new or changed since the sample before (empty for the oldest: the base holds them). */
  fresh: ProcessRaw[];
  /** Pids gone since the sample before. */
  gone: number[];
  bytes: number;
}

function partBytes(raw: RawSample): number {
  const p = raw.parts;
  const items =
    (p.cpu?.perCore.length ?? 0) +
    (p.disks ? p.disks.mounts.length + p.disks.io.length : 0) +
    (p.network?.interfaces.length ?? 0) +
    (p.gpus?.length ?? 0) +
    (p.temperatures?.sensors.length ?? 0) +
    (p.kernel?.length ?? 0);
  return SAMPLE_BYTES + items * PART_ITEM_BYTES;
}

/** The sample without its process list (the list is what a tick would otherwise cost). */
function withoutList(raw: RawSample): RawSample {
  const procs = raw.parts.processes;
  if (!procs) return raw;
  return { ...raw, parts: { ...raw.parts, processes: { ...procs, list: [] } } };
}

function apply(rows: Map<number, ProcessRaw>, e: Entry): void {
  for (const pid of e.gone) rows.delete(pid);
  for (const r of e.fresh) rows.set(r.pid, r);
}

export class CaptureRing {
  readonly #entries: Entry[] = [];
  /** The rows of the oldest sample. */
  #base = new Map<number, ProcessRaw>();
  /** The newest sample's list (its length is counted in `bytes`). */
  #newest: readonly ProcessRaw[] = [];
  /** The newest sample's rows by pid, updated in place: what the next one changed. */
  #rows = new Map<number, ProcessRaw>();
  /** The push that last saw each pid, to find the pids gone without a set per tick. */
  #seenAt = new Map<number, number>();
  #pushes = 0;
  #latest: RawSample | undefined;
  #budget: number;
  #bytes = 0;
  /** Samples dropped for the budget before their time was up (the window was cut short). */
  overBudget = 0;

  constructor(budgetBytes = CAPTURE_BUDGET_BYTES) {
    this.#budget = budgetBytes;
  }

  /** Bytes the ring holds (estimated from what it counts: rows, map entries, deltas, parts). */
  get bytes(): number {
    return this.#bytes + this.#base.size * (ROW_BYTES + ENTRY_BYTES) + this.#newest.length * 8;
  }

  get size(): number {
    return this.#entries.length;
  }

  /** Add the tick's sample; keep `windowMs` before it (and one sample more, derive's previous). */
  push(raw: RawSample, windowMs: number): void {
    const list = raw.parts.processes?.list ?? [];
    const { fresh, gone } = this.#diff(list);
    this.#newest = list;
    this.#latest = raw;
    const first = this.#entries.length === 0;
    if (first) this.#base = new Map(list.map((r) => [r.pid, r]));
    const entry: Entry = {
      raw: withoutList(raw),
      fresh: first ? [] : fresh,
      gone: first ? [] : gone,
      bytes: partBytes(raw) + (first ? 0 : fresh.length * (ROW_BYTES + 8) + gone.length * 8),
    };
    this.#entries.push(entry);
    this.#bytes += entry.bytes;
    while (this.#entries.length > 1 && this.#entries[1]!.raw.time < raw.time - windowMs) this.#shift();
    while (this.#entries.length > 2 && this.bytes > this.#budget) {
      this.#shift();
      this.overBudget++;
    }
  }

  /**
   * What changed since the last push: rows that are not the very same object, and pids gone.
   * The collector's list is in /proc's order, not pid order, so it is compared by pid — in maps
   * kept between pushes and updated in place: a tick allocates only the two result arrays (a new
   * map and set each tick were a quarter of the daemon's garbage, docs/performance.md).
   */
  #diff(list: readonly ProcessRaw[]): { fresh: ProcessRaw[]; gone: number[] } {
    const at = ++this.#pushes;
    const fresh: ProcessRaw[] = [];
    for (const row of list) {
      if (this.#rows.get(row.pid) !== row) {
        fresh.push(row);
        this.#rows.set(row.pid, row);
      }
      this.#seenAt.set(row.pid, at);
    }
    const gone: number[] = [];
    // Every pid of the map is in this list when the sizes agree (pids are unique in a list).
    if (this.#rows.size !== list.length) {
      for (const [pid, seen] of this.#seenAt) {
        if (seen === at) continue;
        gone.push(pid);
        this.#seenAt.delete(pid);
        this.#rows.delete(pid);
      }
    }
    return { fresh, gone };
  }

  /** Drop the oldest sample: the next one's changes move into the base. */
  #shift(): void {
    const gone = this.#entries.shift()!;
    this.#bytes -= gone.bytes;
    const next = this.#entries[0];
    if (!next) return;
    apply(this.#base, next);
    this.#bytes -= next.bytes - partBytes(next.raw);
    next.bytes = partBytes(next.raw);
    next.fresh = [];
    next.gone = [];
  }

  /** The samples from `fromMs` on, with the one just before it when the ring has it (oldest first), whole. */
  since(fromMs: number): RawSample[] {
    const i = this.#entries.findIndex((e) => e.raw.time >= fromMs);
    if (i < 0) return [];
    const start = Math.max(0, i - 1);
    const rows = new Map(this.#base);
    const out: RawSample[] = [];
    this.#entries.forEach((e, j) => {
      apply(rows, e);
      if (j < start) return;
      const procs = e.raw.parts.processes;
      if (!procs) out.push(e.raw);
      else {
        const list = [...rows.values()].sort((a, b) => a.pid - b.pid);
        out.push({ ...e.raw, parts: { ...e.raw.parts, processes: { ...procs, list } as ProcessesRaw } });
      }
    });
    return out;
  }

  /**
   * The samples newer than `time`, whole (oldest first). Inside an incident this is asked every
   * tick for the one sample just pushed: that one is the engine's own, so nothing is rebuilt (a
   * rebuild copies the base and applies every delta: a map of every process, each tick).
   */
  after(time: number): RawSample[] {
    const n = this.#entries.length;
    if (n === 0 || this.#entries[n - 1]!.raw.time <= time) return [];
    if (n === 1 || this.#entries[n - 2]!.raw.time <= time) return [this.#latest!];
    return this.since(time + 1).filter((r) => r.time > time);
  }

  /** The newest sample as the engine gave it. */
  latest(): RawSample | undefined {
    return this.#latest;
  }

  clear(): void {
    this.#entries.length = 0;
    this.#base = new Map();
    this.#newest = [];
    this.#rows = new Map();
    this.#seenAt = new Map();
    this.#latest = undefined;
    this.#bytes = 0;
  }

  setBudget(bytes: number): void {
    this.#budget = bytes;
  }
}
