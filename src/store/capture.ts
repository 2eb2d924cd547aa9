// The incident recorder's capture: what the history writer (recorder.ts) does with every raw
// sample while it holds the lock. Each tick's sample goes into the capture ring (no encoding on
// the tick). After the tick, `flush` writes frames: one on the `minute` chain every snapshot
// interval (a keyframe hourly, deltas between), and, from an alert firing on, an `incident` chain
// with the ring's samples of the `incident_before_secs` before it and every tick of the
// `incident_after_secs` after it (extended while alerts keep firing). docs/history.md.
import type { KernelEvent, Logger, ProcessRaw, RawSample } from '../core/types.ts';
import { CAPTURE_BUDGET_BYTES, CaptureRing } from './capture-ring.ts';
import { type EncoderState, encodeFrame, newEncoderState, type StoredText } from './frame-codec.ts';
import type { FrameStore, FrameWrite } from './frames.ts';

/** A keyframe on the minute chain this often: a rebuild never replays more than an hour of deltas. */
export const KEYFRAME_EVERY_MS = 3_600_000;
/** Programs kept in a minute frame's RSS summary (the history view's per-program chart). */
export const PROGRAMS_KEPT = 12;
/** Kernel events a minute frame carries at most (those of the ticks since the last one). */
const KERNEL_KEPT = 200;

export interface CaptureSettings {
  snapshotIntervalMs: number;
  beforeMs: number;
  afterMs: number;
}

export interface CaptureOptions {
  frames: FrameStore;
  hostname: string;
  /** Redaction of stored text (command lines, kernel lines). */
  stored: StoredText;
  log: Logger;
  settings: () => CaptureSettings;
  budgetBytes?: number;
}

export interface CaptureStats {
  ringSamples: number;
  ringBytes: number;
  /** Samples dropped from the ring for the budget before their window was over. */
  overBudget: number;
  framesWritten: number;
  incidents: number;
  incidentOpen: boolean;
}

export interface Capture {
  /** The tick's raw sample: into the ring, nothing encoded. */
  sample(raw: RawSample): void;
  /** An alert fired at `time` (the tick's sample time): open or extend an incident. */
  alertFired(alertId: string, time: number): void;
  /** Write the frames that are due (after the tick). */
  flush(): void;
  /** True when a flush has frames to write (a minute frame is due, an alert fired, an incident is open). */
  pending(): boolean;
  /** End the open chains (the recorder stops or loses the lock). */
  close(time: number): void;
  stats(): CaptureStats;
}

/** RSS summed by program name (kernel threads left out), the largest PROGRAMS_KEPT. */
export function programRss(list: readonly ProcessRaw[]): Record<string, number> {
  const sums = new Map<string, number>();
  for (const p of list) if (!p.kernelThread) sums.set(p.name, (sums.get(p.name) ?? 0) + p.rssBytes);
  return Object.fromEntries([...sums].sort((a, b) => b[1] - a[1]).slice(0, PROGRAMS_KEPT));
}

interface Chain {
  id: number;
  state: EncoderState;
  /** Time of the last frame written on it. */
  last: number;
}

interface Incident extends Chain {
  until: number;
}

export function createCapture(o: CaptureOptions): Capture {
  const ring = new CaptureRing(o.budgetBytes ?? CAPTURE_BUDGET_BYTES);
  let minute: (Chain & { lastKey: number }) | null = null;
  let minuteDue: RawSample | null = null;
  let lastMinuteMono = Number.NEGATIVE_INFINITY;
  let kernel: KernelEvent[] = [];
  let incident: Incident | null = null;
  /** Alerts that fired since the last flush: [id, time]. */
  let fired: [string, number][] = [];
  /** End of the last incident written: a new one never writes a sample twice. */
  let lastIncidentEnd = Number.NEGATIVE_INFINITY;
  let framesWritten = 0;
  let incidents = 0;
  let budgetLogged = false;

  function write(chain: Chain, frames: FrameWrite[]): void {
    if (!frames.length) return;
    if (o.frames.writeFrames(chain.id, frames)) {
      framesWritten += frames.length;
      chain.last = frames[frames.length - 1]!.body.t;
    }
  }

  function writeMinute(raw: RawSample): void {
    if (!minute) {
      const id = o.frames.startChain('minute', raw.time, o.hostname);
      if (id === null) return;
      minute = {
        id,
        state: newEncoderState(),
        last: Number.NEGATIVE_INFINITY,
        lastKey: Number.NEGATIVE_INFINITY,
      };
    }
    const key = raw.time - minute.lastKey >= KEYFRAME_EVERY_MS;
    const body = encodeFrame(raw, minute.state, { key, stored: o.stored, kernel });
    kernel = [];
    const before = framesWritten;
    write(minute, [{ body, programs: programRss(raw.parts.processes?.list ?? []) }]);
    if (framesWritten > before && body.k === 1) minute.lastKey = raw.time;
    // A failed write leaves the encoder past a frame the file lacks: start the chain again.
    if (framesWritten === before) minute = null;
  }

  function openIncident(alertId: string, time: number): void {
    const { beforeMs, afterMs } = o.settings();
    const samples = ring.since(time - beforeMs).filter((r) => r.time > lastIncidentEnd);
    const first = samples[0];
    if (!first) return;
    const id = o.frames.startChain('incident', first.time, o.hostname, alertId);
    if (id === null) return;
    incidents++;
    incident = { id, state: newEncoderState(), last: Number.NEGATIVE_INFINITY, until: time + afterMs };
    writeIncident(samples);
  }

  function writeIncident(samples: readonly RawSample[]): void {
    const inc = incident;
    if (!inc) return;
    const fresh = samples.filter((r) => r.time > inc.last);
    const frames = fresh.map((raw) => ({
      body: encodeFrame(raw, inc.state, {
        key: inc.last === Number.NEGATIVE_INFINITY && raw === fresh[0],
        stored: o.stored,
      }),
    }));
    const before = framesWritten;
    write(inc, frames);
    if (frames.length && framesWritten === before) closeIncident(inc.last);
  }

  function closeIncident(time: number): void {
    if (!incident) return;
    if (incident.last > Number.NEGATIVE_INFINITY)
      o.frames.endChain(incident.id, Math.max(time, incident.last));
    lastIncidentEnd = Math.max(lastIncidentEnd, incident.last);
    incident = null;
  }

  return {
    sample(raw) {
      const { snapshotIntervalMs, beforeMs } = o.settings();
      ring.push(raw, beforeMs);
      if (ring.overBudget && !budgetLogged) {
        budgetLogged = true;
        o.log.warn('capture ring over its budget: fewer seconds kept before an incident', {
          budgetBytes: o.budgetBytes ?? CAPTURE_BUDGET_BYTES,
          samples: ring.size,
        });
      }
      if (raw.parts.kernel?.length) kernel = [...kernel, ...raw.parts.kernel].slice(-KERNEL_KEPT);
      if (raw.monotonic - lastMinuteMono >= snapshotIntervalMs) {
        lastMinuteMono = raw.monotonic;
        minuteDue = raw;
      }
    },

    alertFired(alertId, time) {
      fired.push([alertId, time]);
    },

    flush() {
      if (minuteDue) {
        writeMinute(minuteDue);
        minuteDue = null;
      }
      for (const [id, time] of fired) {
        if (incident) incident.until = Math.max(incident.until, time + o.settings().afterMs);
        else openIncident(id, time);
      }
      fired = [];
      const latest = ring.latest();
      if (!incident || !latest) return;
      writeIncident(ring.after(incident.last));
      if (incident && latest.time >= incident.until) closeIncident(latest.time);
    },

    pending: () => minuteDue !== null || fired.length > 0 || incident !== null,

    close(time) {
      closeIncident(time);
      if (minute) o.frames.endChain(minute.id, minute.last > Number.NEGATIVE_INFINITY ? minute.last : time);
      minute = null;
      ring.clear();
    },

    stats: () => ({
      ringSamples: ring.size,
      ringBytes: ring.bytes,
      overBudget: ring.overBudget,
      framesWritten,
      incidents,
      incidentOpen: incident !== null,
    }),
  };
}
