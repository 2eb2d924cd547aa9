// The capture ring: the last minutes of raw samples, every process's raw counters at the tick
// rate, held in memory by whoever records history so that, when an alert fires, the minutes
// before it can still be written (docs/history.md, "The incident recorder"). It keeps the rows of
// its oldest sample and, for each later one, only what changed: the rows that are not the very
// same object as before (the collector hands out the same immutable row for a process that did
// not move, src/collectors/processes.ts) and the pids that are gone. A tick costs it one walk of
// the process list and the rows that moved; nothing is encoded. Samples are rebuilt whole only when an
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

/**
 * What changed between two lists in pid order (as /proc lists them): rows that are not the very
 * same object, and pids that are gone. One walk, no allocation but the result; null when a list
 * is not in pid order (a fixture tree), for the caller to compare by map instead.
 */
export function diffRows(
  prev: readonly ProcessRaw[],
  cur: readonly ProcessRaw[],
): { fresh: ProcessRaw[]; gone: number[] } | null {
  const fresh: ProcessRaw[] = [];
  const gone: number[] = [];
  let i = 0;
  let last = Number.NEGATIVE_INFINITY;
  for (const row of cur) {
    if (row.pid <= last) return null;
    last = row.pid;
    while (i < prev.length && prev[i]!.pid < row.pid) gone.push(prev[i++]!.pid);
    if (i < prev.length && prev[i]!.pid === row.pid) {
      if (prev[i] !== row) fresh.push(row);
      i++;
    } else fresh.push(row);
  }
  while (i < prev.length) gone.push(prev[i++]!.pid);
  for (let k = 1; k < prev.length; k++) if (prev[k]!.pid <= prev[k - 1]!.pid) return null;
  return { fresh, gone };
}

/** The same, for lists in any order. */
function diffByPid(
  prev: readonly ProcessRaw[],
  cur: readonly ProcessRaw[],
): { fresh: ProcessRaw[]; gone: number[] } {
  const before = new Map(prev.map((r) => [r.pid, r]));
  const now = new Set<number>();
  const fresh: ProcessRaw[] = [];
  for (const r of cur) {
    now.add(r.pid);
    if (before.get(r.pid) !== r) fresh.push(r);
  }
  return { fresh, gone: [...before.keys()].filter((pid) => !now.has(pid)) };
}

function apply(rows: Map<number, ProcessRaw>, e: Entry): void {
  for (const pid of e.gone) rows.delete(pid);
  for (const r of e.fresh) rows.set(r.pid, r);
}

export class CaptureRing {
  readonly #entries: Entry[] = [];
  /** The rows of the oldest sample. */
  #base = new Map<number, ProcessRaw>();
  /** The newest sample's list, to tell what the next one changed. */
  #newest: readonly ProcessRaw[] = [];
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
    const { fresh, gone } = diffRows(this.#newest, list) ?? diffByPid(this.#newest, list);
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

  /** The newest sample as the engine gave it. */
  latest(): RawSample | undefined {
    return this.#latest;
  }

  clear(): void {
    this.#entries.length = 0;
    this.#base = new Map();
    this.#newest = [];
    this.#latest = undefined;
    this.#bytes = 0;
  }

  setBudget(bytes: number): void {
    this.#budget = bytes;
  }
}
