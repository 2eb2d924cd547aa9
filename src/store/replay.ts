// Replay: the machine as the incident recorder saw it at a given time, rebuilt from the stored
// frames through the same `derive` as the live view (the frame and the one before it in its
// chain give CPU %, disk and network rates), with the alerts that were firing then. Used by
// `vigil status --at`, `vigil watch --at` and the TUI's replay mode, and by the report for the
// processes at each alert's firing. docs/history.md, "Replay".
import type { RawSample, Snapshot } from '../core/types.ts';
import { type DeriveContext, derive, emptySnapshot } from '../engine/derive.ts';
import { type AlertStore, toAlert } from './alerts.ts';
import { applyFrame, type DecodedFrame, toRawSample } from './frame-codec.ts';
import type { ChainKind, FrameRef, FrameStore } from './frames.ts';
import type { Firing, IncidentStore } from './incidents.ts';
import type { SampleStore } from './samples.ts';
import type { SystemSample } from './types.ts';

/** A frame this close to the time asked for stands for it, whatever the chain's interval. */
const MIN_GAP_MS = 120_000;

export interface ReplayMoment {
  /** The machine then: the SPEC §5 snapshot, `alerts` the ones firing at that time. */
  snapshot: Snapshot;
  /** When the frame shown was sampled (epoch ms), and the time asked for. */
  time: number;
  requested: number;
  /** Seconds since the frame before it (CPU % is the average over them); null for a chain's first. */
  resolutionSecs: number | null;
  /** `incident`: tick-by-tick around an alert; `minute`: the regular frames. */
  source: ChainKind;
  /** Open sockets by protocol and state then (the TUI's network pane), when recorded. */
  connections: Readonly<Record<string, number>> | null;
}

export type ReplayMiss = 'no_frames' | 'before' | 'after' | 'gap' | 'unreadable';

export type ReplayResult =
  | { ok: true; moment: ReplayMoment }
  | { ok: false; reason: ReplayMiss; span: { first: number; last: number } | null; near?: number };

export type ReplayStore = FrameStore &
  Pick<AlertStore, 'alertsSince'> &
  IncidentStore &
  Pick<SampleStore, 'systemSeries'>;

export interface Replay {
  /** The moment recorded at `time`: the frame nearest it, when one is close enough. */
  at(time: number): ReplayResult;
  /** The frame before (-1) or after (1) the one shown for `time`, or null at either end. */
  step(time: number, dir: -1 | 1): ReplayResult | null;
  /** The latest firing of alert `id` (epoch ms), or null when history never saw it fire. */
  alertFiredAt(id: string): number | null;
  firingsBetween(fromMs: number, toMs: number): Firing[];
  span(): { first: number; last: number } | null;
  /** System figures from `fromMs` to `toMs` as snapshots without processes (the panes' charts). */
  figures(fromMs: number, toMs: number): Snapshot[];
  /** The stored system samples and the minute frames' RSS by program in a window (the history view). */
  samples(fromMs: number, toMs: number): SystemSample[];
  programs(fromMs: number, toMs: number): { time: number; programs: Record<string, number> }[];
}

/** A stored system sample as a snapshot holding only its figures (what a pane's chart reads). */
export function figureSnapshot(s: SystemSample): Snapshot {
  const snap = emptySnapshot(s.time);
  snap.cpu.usagePercent = s.cpuPercent;
  snap.cpu.load1 = s.load1 ?? 0;
  snap.cpu.load5 = s.load5 ?? 0;
  snap.cpu.load15 = s.load15 ?? 0;
  snap.memory.totalBytes = s.memTotalBytes ?? 0;
  snap.memory.usedBytes = s.memUsedBytes ?? 0;
  snap.memory.availableBytes = s.memAvailableBytes ?? 0;
  snap.memory.swapTotalBytes = s.swapTotalBytes ?? 0;
  snap.memory.swapUsedBytes = s.swapUsedBytes ?? 0;
  return snap;
}

/** The raw sample of `ref` and of the frame before it in its chain, from the chain's keyframe on. */
export function rebuildFrame(
  frames: FrameStore,
  ref: FrameRef,
): { raw: RawSample; prev: RawSample | null } | null {
  const prevRef = frames.previousInChain(ref);
  const key = frames.keyframeAtOrBefore(ref.chain, (prevRef ?? ref).time);
  if (!key) return null;
  let state: DecodedFrame | null = null;
  let prev: RawSample | null = null;
  try {
    for (const f of frames.chainFrames(ref.chain, key.time, ref.time)) {
      // The frame before the one shown is kept whole; the walk otherwise moves one state on.
      if (f.id === ref.id && state && prevRef) prev = toRawSample(state);
      state = applyFrame(f.id === key.id ? null : state, f.body, true);
    }
  } catch {
    return null;
  }
  if (!state || state.time !== ref.time) return null;
  return { raw: toRawSample(state), prev };
}

export function createReplay(store: ReplayStore, ctx: Omit<DeriveContext, 'hostname'>): Replay {
  function moment(ref: FrameRef, requested: number): ReplayResult {
    const rebuilt = rebuildFrame(store, ref);
    const chain = store.chain(ref.chain);
    if (!rebuilt || !chain)
      return { ok: false, reason: 'unreadable', span: store.frameSpan(), near: ref.time };
    const snapshot = derive(rebuilt.prev, rebuilt.raw, { ...ctx, hostname: chain.hostname });
    snapshot.alerts = store
      .alertsSince(ref.time + 1, ref.time)
      .map(toAlert)
      .reverse();
    return {
      ok: true,
      moment: {
        snapshot,
        time: ref.time,
        requested,
        resolutionSecs: rebuilt.prev ? Math.round((rebuilt.raw.time - rebuilt.prev.time) / 100) / 10 : null,
        source: chain.kind,
        connections: rebuilt.raw.parts.network?.connections ?? null,
      },
    };
  }

  /** The frame nearest `time` (the earlier one on a tie), if it is close enough to stand for it. */
  function at(time: number): ReplayResult {
    const span = store.frameSpan();
    if (!span) return { ok: false, reason: 'no_frames', span: null };
    const before = store.frameAtOrBefore(time);
    const after = store.frameAfter(time);
    const ref = !before ? after : !after || time - before.time <= after.time - time ? before : after;
    if (!ref) return { ok: false, reason: 'unreadable', span };
    // Close enough: within two of the chain's intervals, and never less than MIN_GAP_MS.
    const prev = store.previousInChain(ref);
    const allowed = Math.max(MIN_GAP_MS, prev ? 2 * (ref.time - prev.time) : 0);
    if (Math.abs(time - ref.time) > allowed) {
      if (time < span.first) return { ok: false, reason: 'before', span, near: span.first };
      if (time > span.last) return { ok: false, reason: 'after', span, near: span.last };
      return { ok: false, reason: 'gap', span, near: ref.time };
    }
    return moment(ref, time);
  }

  return {
    at,
    step(time, dir) {
      const here = store.frameAtOrBefore(time);
      const ref =
        dir < 0 ? (here ? store.frameAtOrBefore(here.time - 1) : null) : store.frameAfter(here?.time ?? time);
      return ref ? moment(ref, ref.time) : null;
    },
    alertFiredAt: (id) => store.firingsOf(id)[0]?.firedAt ?? null,
    firingsBetween: (fromMs, toMs) => store.firingsBetween(fromMs, toMs),
    span: () => store.frameSpan(),
    figures: (fromMs, toMs) => store.systemSeries(fromMs, toMs).map(figureSnapshot),
    samples: (fromMs, toMs) => store.systemSeries(fromMs, toMs),
    programs: (fromMs, toMs) => store.programSeries(fromMs, toMs),
  };
}
