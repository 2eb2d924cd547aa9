// Frames: how the incident recorder keeps raw samples in the history (docs/history.md, "Frames").
// A keyframe holds every process's raw row and every system part; a delta holds only what moved
// since the previous frame of its chain: processes that are new (another pid, or the same pid
// with another start time), the fields that changed in the others, the pids that are gone, and
// the system parts whose content changed. Counters stay raw (cumulative CPU ticks, disk sectors,
// network bytes): `derive` makes rates from two consecutive frames, as it does live. Pure: the
// store compresses the body (frames.ts) and the caller passes the redaction stored text gets.
import type { KernelEvent, ProcessesRaw, ProcessRaw, RawParts, RawSample } from '../core/types.ts';

export const FRAME_VERSION = 1;

/** The raw row's fields, in the order a full row is written (anything else goes in a trailing object). */
const FIELDS = [
  'pid',
  'ppid',
  'pgid',
  'sid',
  'ttyNr',
  'uid',
  'name',
  'cmdline',
  'state',
  'cpuTicks',
  'startTicks',
  'rssBytes',
  'threads',
  'fds',
  'kernelThread',
] as const;
const FIELD_INDEX = new Map<string, number>(FIELDS.map((f, i) => [f, i]));
const CMDLINE = FIELD_INDEX.get('cmdline')!;

/** System parts carried as state (the kernel log is events, never carried: see `kernel`). */
const STATE_PARTS = ['cpu', 'memory', 'disks', 'network', 'gpus', 'temperatures'] as const;
/** Fields of the processes part beside its list (e.g. OOM candidates), kept like a system part. */
const PROCESS_EXTRAS = 'processesExtra';

/** What a frame holds, before compression. */
export interface FrameBody {
  v: number;
  /** Wall clock (epoch ms) and monotonic ms of the sample. */
  t: number;
  m: number;
  /** 1: a keyframe (needs nothing before it); 0: a delta on the chain's previous frame. */
  k: 0 | 1;
  /** System parts: all in a keyframe; in a delta only those that changed (null: the part is gone). */
  parts: Record<string, unknown>;
  /** Kernel events of this sample (and, in a minute frame, of the ticks since the last one). */
  kernel?: KernelEvent[];
  /** False when the sample had no processes part (the collector failed). */
  hasProcesses: boolean;
  skipped?: number;
  /** Full rows: every process (keyframe) or the new identities (delta). */
  rows?: unknown[][];
  /** Delta: [pid, field, value, field, value…] for the processes that moved. */
  changes?: unknown[][];
  /** Delta: pids that are gone. */
  gone?: number[];
}

/** Text that goes into the history passes through this (SPEC §8: command lines are redacted). */
export type StoredText = (text: string) => string;

/** What a chain's encoder remembers of its previous frame, to write the next as a delta. */
export interface EncoderState {
  /** The rows of the previous frame by pid, moved on in place (no map per frame). */
  rows: Map<number, ProcessRaw>;
  /** The frame that last saw each pid of `rows`: the pids gone are found without a set per frame. */
  seenAt: Map<number, number>;
  /** Frames encoded on this state. */
  frames: number;
  parts: Map<string, string>;
  /**
   * Command lines as stored (redacted), by the text read: the hourly keyframe redacts only the
   * command lines it has not seen (redaction is most of a keyframe's cost). Renewed at each
   * keyframe with the command lines of that frame, so it holds no more than an hour's processes.
   */
  texts: Map<string, string>;
}

export function newEncoderState(): EncoderState {
  return { rows: new Map(), seenAt: new Map(), frames: 0, parts: new Map(), texts: new Map() };
}

/** `stored` through the state's cache, filling `next` (the cache to keep). */
function cachedText(state: EncoderState, next: Map<string, string>, stored: StoredText): StoredText {
  return (text) => {
    let v = state.texts.get(text);
    if (v === undefined) v = stored(text);
    next.set(text, v);
    return v;
  };
}

function fullRow(p: ProcessRaw, stored: StoredText): unknown[] {
  const out: unknown[] = FIELDS.map((f) => p[f]);
  out[CMDLINE] = stored(p.cmdline);
  const extra = extraFields(p);
  if (extra) out.push(extra);
  return out;
}

/** Fields a row has beyond FIELDS (added by newer collectors), or null. */
function extraFields(p: ProcessRaw): Record<string, unknown> | null {
  let extra: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(p)) {
    if (FIELD_INDEX.has(k) || v === undefined) continue;
    extra ??= {};
    extra[k] = v;
  }
  return extra;
}

/** [pid, field, value, …] for what changed between two rows of the same process, or null. */
function rowChange(before: ProcessRaw, p: ProcessRaw, stored: StoredText): unknown[] | null {
  let out: unknown[] | null = null;
  for (let i = 1; i < FIELDS.length; i++) {
    const f = FIELDS[i]!;
    if (before[f] === p[f]) continue;
    out ??= [p.pid];
    out.push(i, i === CMDLINE ? stored(p.cmdline) : p[f]);
  }
  const a = before as unknown as Record<string, unknown>;
  const b = p as unknown as Record<string, unknown>;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (FIELD_INDEX.has(k) || a[k] === b[k]) continue;
    if (typeof b[k] === 'object' && JSON.stringify(a[k]) === JSON.stringify(b[k])) continue;
    out ??= [p.pid];
    out.push(k, b[k] ?? null);
  }
  return out;
}

function stateParts(raw: RawSample): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of STATE_PARTS) {
    const v = raw.parts[name];
    if (v !== undefined) out.set(name, JSON.stringify(v));
  }
  const procs = raw.parts.processes;
  if (procs) {
    const { list: _l, skipped: _s, ...rest } = procs;
    if (Object.keys(rest).length) out.set(PROCESS_EXTRAS, JSON.stringify(rest));
  }
  return out;
}

function kernelOf(events: readonly KernelEvent[] | undefined, stored: StoredText): KernelEvent[] | undefined {
  if (!events?.length) return undefined;
  return events.map((e) => ({ ...e, message: stored(e.message) }));
}

/**
 * Encode `raw` as the next frame of a chain whose previous frame `state` remembers (a keyframe
 * when `key` or when the chain is new), and move `state` on to `raw`. `kernel` replaces the
 * sample's own kernel events (a minute frame carries those of the ticks it stands for).
 */
export function encodeFrame(
  raw: RawSample,
  state: EncoderState,
  opts: { key: boolean; stored: StoredText; kernel?: readonly KernelEvent[] },
): FrameBody {
  const key = opts.key || state.parts.size === 0;
  const texts = key ? new Map<string, string>() : state.texts;
  const stored = cachedText(state, texts, opts.stored);
  const parts = stateParts(raw);
  const procs = raw.parts.processes;
  const body: FrameBody = {
    v: FRAME_VERSION,
    t: raw.time,
    m: raw.monotonic,
    k: key ? 1 : 0,
    parts: {},
    hasProcesses: !!procs,
  };
  for (const [name, json] of parts)
    if (key || state.parts.get(name) !== json) body.parts[name] = JSON.parse(json);
  if (!key) for (const name of state.parts.keys()) if (!parts.has(name)) body.parts[name] = null;
  const kernel = kernelOf(opts.kernel ?? raw.parts.kernel, opts.stored);
  if (kernel) body.kernel = kernel;
  // Inside an incident this runs every tick over every process: the state's maps are moved on in
  // place, and a process that did not move (the collector's same row object) costs two lookups.
  const at = ++state.frames;
  if (key) {
    state.rows.clear();
    state.seenAt.clear();
  }
  if (procs) {
    body.skipped = procs.skipped;
    const full: unknown[][] = [];
    const changes: unknown[][] = [];
    for (const p of procs.list) {
      state.seenAt.set(p.pid, at);
      const before = state.rows.get(p.pid);
      if (before === p) continue;
      state.rows.set(p.pid, p);
      if (!before || before.startTicks !== p.startTicks) full.push(fullRow(p, stored));
      else {
        const change = rowChange(before, p, stored);
        if (change) changes.push(change);
      }
    }
    if (full.length) body.rows = full;
    if (changes.length) body.changes = changes;
  }
  // Every pid of the state was seen when the sizes agree (pids are unique in a list).
  if (state.rows.size !== (procs?.list.length ?? 0)) {
    const gone: number[] = [];
    for (const [pid, seen] of state.seenAt) {
      if (seen === at) continue;
      gone.push(pid);
      state.seenAt.delete(pid);
      state.rows.delete(pid);
    }
    if (gone.length && !key) body.gone = gone;
  }
  state.parts = parts;
  state.texts = texts;
  return body;
}

/** A chain's state after some frames: what `toRawSample` turns back into a raw sample. */
export interface DecodedFrame {
  time: number;
  monotonic: number;
  parts: Map<string, unknown>;
  kernel: KernelEvent[];
  hasProcesses: boolean;
  skipped: number;
  rows: Map<number, ProcessRaw>;
}

function rowFrom(values: unknown[]): ProcessRaw {
  const out: Record<string, unknown> = {};
  FIELDS.forEach((f, i) => {
    out[f] = values[i];
  });
  const extra = values[FIELDS.length];
  if (extra && typeof extra === 'object') Object.assign(out, extra);
  return out as unknown as ProcessRaw;
}

function applyChange(row: ProcessRaw, change: unknown[]): ProcessRaw {
  const out = { ...row } as Record<string, unknown>;
  for (let i = 1; i + 1 < change.length; i += 2) {
    const field = change[i];
    const name = typeof field === 'number' ? FIELDS[field] : String(field);
    if (name === undefined) continue;
    if (change[i + 1] === null && !FIELD_INDEX.has(name)) delete out[name];
    else out[name] = change[i + 1];
  }
  return out as unknown as ProcessRaw;
}

/**
 * The chain's state after `body` (a keyframe needs no `before`). With `inPlace`, `before` itself
 * moves on (a rebuild walking an hour of deltas copies no map per frame). Throws on a malformed body.
 */
export function applyFrame(before: DecodedFrame | null, body: FrameBody, inPlace = false): DecodedFrame {
  if (body.v !== FRAME_VERSION) throw new Error(`frame version ${body.v} is not ${FRAME_VERSION}`);
  if (!body.k && !before) throw new Error('a delta frame without the frame before it');
  const key = body.k === 1 || !before;
  const reuse = inPlace && !key;
  const parts = reuse ? before!.parts : new Map(key ? [] : before!.parts);
  for (const [name, v] of Object.entries(body.parts)) {
    if (v === null) parts.delete(name);
    else parts.set(name, v);
  }
  const rows = reuse ? before!.rows : new Map(key ? [] : before!.rows);
  for (const values of body.rows ?? []) {
    const row = rowFrom(values);
    rows.set(row.pid, row);
  }
  for (const change of body.changes ?? []) {
    const pid = change[0] as number;
    const row = rows.get(pid);
    if (row) rows.set(pid, applyChange(row, change));
  }
  for (const pid of body.gone ?? []) rows.delete(pid);
  const out = reuse ? before! : ({} as DecodedFrame);
  out.time = body.t;
  out.monotonic = body.m;
  out.parts = parts;
  out.kernel = body.kernel ?? [];
  out.hasProcesses = body.hasProcesses;
  out.skipped = body.skipped ?? 0;
  out.rows = rows;
  return out;
}

/** The raw sample a decoded frame stands for: what `derive` takes. */
export function toRawSample(f: DecodedFrame): RawSample {
  const parts: Partial<RawParts> = {};
  for (const name of STATE_PARTS) {
    const v = f.parts.get(name);
    if (v !== undefined) (parts as Record<string, unknown>)[name] = v;
  }
  if (f.hasProcesses) {
    const extra = (f.parts.get(PROCESS_EXTRAS) ?? {}) as Partial<ProcessesRaw>;
    const list = [...f.rows.values()].sort((a, b) => a.pid - b.pid);
    parts.processes = { ...extra, list, skipped: f.skipped };
  }
  parts.kernel = f.kernel;
  return { time: f.time, monotonic: f.monotonic, parts };
}
