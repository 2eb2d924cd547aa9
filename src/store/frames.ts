// The `frames` and `frame_chains` tables: the incident recorder's raw samples (frame-codec.ts
// says what a frame holds). A chain is a keyframe followed by deltas, each on the frame before it
// in the same chain: one `minute` chain per recording session (a frame every snapshot interval,
// a keyframe hourly) and one `incident` chain per alert window (a frame every tick). Bodies are
// JSON compressed with DEFLATE (node:zlib), loaded only by the code that writes or reads frames.
import type { Connection } from './connection.ts';
import type { FrameBody } from './frame-codec.ts';
import type { Database } from './sqlite.ts';

export type ChainKind = 'minute' | 'incident';

/** Where a frame sits, without its body. */
export interface FrameRef {
  id: number;
  chain: number;
  time: number;
  key: boolean;
}

export interface StoredFrame extends FrameRef {
  body: FrameBody;
}

export interface FrameChain {
  id: number;
  kind: ChainKind;
  hostname: string;
  startedAt: number;
  endedAt: number | null;
  alertId: string | null;
}

export interface FrameWrite {
  body: FrameBody;
  /** RSS by program name (minute frames). */
  programs?: Record<string, number> | null;
}

export interface FrameStore {
  /** Open a chain; its id, or null when history is paused. */
  startChain(kind: ChainKind, time: number, hostname: string, alertId?: string | null): number | null;
  writeFrames(chain: number, frames: readonly FrameWrite[]): boolean;
  endChain(chain: number, time: number): boolean;
  /** The latest frame at or before `time` (the densest chain's when two share a time). */
  frameAtOrBefore(time: number): FrameRef | null;
  /** The earliest frame after `time`. */
  frameAfter(time: number): FrameRef | null;
  /** The frame before `ref` in its chain. */
  previousInChain(ref: FrameRef): FrameRef | null;
  /** The latest keyframe of `chain` at or before `time`. */
  keyframeAtOrBefore(chain: number, time: number): FrameRef | null;
  /** Frames of `chain` from `fromTime` to `toTime`, decoded, in order. */
  chainFrames(chain: number, fromTime: number, toTime: number): StoredFrame[];
  chain(id: number): FrameChain | null;
  /** First and last frame times, or null without frames. */
  frameSpan(): { first: number; last: number } | null;
  /** RSS by program name of the minute frames in a window. */
  programSeries(fromMs: number, toMs: number): { time: number; programs: Record<string, number> }[];
  /** Frames and their compressed bytes (health, bench). */
  frameStats(): { frames: number; keyframes: number; bytes: number; chains: number };
}

interface Zlib {
  deflateRawSync(data: Buffer): Buffer;
  inflateRawSync(data: Buffer): Buffer;
}

let zlib: Zlib | null = null;
/** node:zlib on first use: a daemon that never writes a frame does not map it. */
function z(): Zlib {
  zlib ??= process.getBuiltinModule('node:zlib');
  return zlib;
}

export function packBody(body: FrameBody): Buffer {
  return z().deflateRawSync(Buffer.from(JSON.stringify(body)));
}

export function unpackBody(data: Buffer): FrameBody {
  return JSON.parse(z().inflateRawSync(data).toString('utf8')) as FrameBody;
}

interface RefRow {
  id: number;
  chain: number;
  time: number;
  key: number;
}

const toRef = (r: RefRow | undefined): FrameRef | null =>
  r ? { id: r.id, chain: r.chain, time: r.time, key: r.key === 1 } : null;

export function createFrameStore(conn: Connection): FrameStore {
  const prep = conn.statements();
  const ref = (sql: string, ...params: unknown[]) =>
    conn.read(null, () => toRef(prep(sql).get(...params) as RefRow | undefined));

  return {
    startChain(kind, time, hostname, alertId = null) {
      let id: number | null = null;
      const ok = conn.write('frame-chain', () => {
        id = Number(
          prep('INSERT INTO frame_chains (kind, hostname, started_at, alert_id) VALUES (?, ?, ?, ?)').run(
            kind,
            hostname,
            time,
            alertId,
          ).lastInsertRowid,
        );
      });
      return ok ? id : null;
    },

    writeFrames(chain, frames) {
      if (!frames.length) return true;
      return conn.write('frames', () => {
        const insert = prep('INSERT INTO frames (chain, time, key, data, programs) VALUES (?, ?, ?, ?, ?)');
        for (const f of frames)
          insert.run(
            chain,
            f.body.t,
            f.body.k,
            packBody(f.body),
            f.programs ? JSON.stringify(f.programs) : null,
          );
      });
    },

    endChain(chain, time) {
      return conn.write('frame-chain', () => {
        prep('UPDATE frame_chains SET ended_at = ? WHERE id = ?').run(time, chain);
      });
    },

    frameAtOrBefore: (time) =>
      ref(
        'SELECT id, chain, time, key FROM frames WHERE time <= ? ORDER BY time DESC, id DESC LIMIT 1',
        time,
      ),
    frameAfter: (time) =>
      ref('SELECT id, chain, time, key FROM frames WHERE time > ? ORDER BY time, id LIMIT 1', time),
    previousInChain: (r) =>
      ref(
        'SELECT id, chain, time, key FROM frames WHERE chain = ? AND time < ? ORDER BY time DESC LIMIT 1',
        r.chain,
        r.time,
      ),
    keyframeAtOrBefore: (chain, time) =>
      ref(
        'SELECT id, chain, time, key FROM frames WHERE chain = ? AND key = 1 AND time <= ? ORDER BY time DESC LIMIT 1',
        chain,
        time,
      ),

    chainFrames(chain, fromTime, toTime) {
      return conn.read([], () =>
        (
          prep(
            'SELECT id, chain, time, key, data FROM frames WHERE chain = ? AND time >= ? AND time <= ? ORDER BY time, id',
          ).all(chain, fromTime, toTime) as (RefRow & { data: Buffer })[]
        ).map((r) => ({ ...toRef(r)!, body: unpackBody(r.data) })),
      );
    },

    chain(id) {
      return conn.read(null, () => {
        const r = prep('SELECT * FROM frame_chains WHERE id = ?').get(id) as
          | {
              id: number;
              kind: string;
              hostname: string;
              started_at: number;
              ended_at: number | null;
              alert_id: string | null;
            }
          | undefined;
        return r
          ? {
              id: r.id,
              kind: r.kind as ChainKind,
              hostname: r.hostname,
              startedAt: r.started_at,
              endedAt: r.ended_at,
              alertId: r.alert_id,
            }
          : null;
      });
    },

    frameSpan() {
      return conn.read(null, () => {
        const r = prep('SELECT MIN(time) AS first, MAX(time) AS last FROM frames').get() as {
          first: number | null;
          last: number | null;
        };
        return r.first === null || r.last === null ? null : { first: r.first, last: r.last };
      });
    },

    programSeries(fromMs, toMs) {
      return conn.read([], () =>
        (
          prep(
            'SELECT time, programs FROM frames WHERE programs IS NOT NULL AND time >= ? AND time <= ? ORDER BY time',
          ).all(fromMs, toMs) as { time: number; programs: string }[]
        ).map((r) => ({ time: r.time, programs: parsePrograms(r.programs) })),
      );
    },

    frameStats() {
      return conn.read({ frames: 0, keyframes: 0, bytes: 0, chains: 0 }, () => {
        const f = prep(
          'SELECT COUNT(*) AS frames, COALESCE(SUM(key), 0) AS keyframes, COALESCE(SUM(LENGTH(data)), 0) AS bytes FROM frames',
        ).get() as { frames: number; keyframes: number; bytes: number };
        const c = prep('SELECT COUNT(*) AS n FROM frame_chains').get() as { n: number };
        return { ...f, chains: c.n };
      });
    },
  };
}

function parsePrograms(text: string): Record<string, number> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, number>) : {};
  } catch {
    return {};
  }
}

/**
 * Retention for frames, inside the retention pass's transaction: frames older than `cutoff`
 * go, then the deltas left without a keyframe before them in their chain (they cannot be
 * rebuilt), then chains with no frame left. Returns the frames deleted.
 */
export function pruneFrames(db: Database, cutoff: number): number {
  let deleted = db.prepare('DELETE FROM frames WHERE time < ?').run(cutoff).changes;
  const firstKeys = db
    .prepare(
      `SELECT c.id AS chain, (SELECT MIN(time) FROM frames k WHERE k.chain = c.id AND k.key = 1) AS first_key
       FROM frame_chains c`,
    )
    .all() as { chain: number; first_key: number | null }[];
  const orphans = db.prepare('DELETE FROM frames WHERE chain = ? AND time < ?');
  const all = db.prepare('DELETE FROM frames WHERE chain = ?');
  for (const c of firstKeys) {
    deleted += c.first_key === null ? all.run(c.chain).changes : orphans.run(c.chain, c.first_key).changes;
  }
  db.prepare(
    `DELETE FROM frame_chains WHERE started_at < ?
       AND NOT EXISTS (SELECT 1 FROM frames f WHERE f.chain = frame_chains.id)`,
  ).run(cutoff);
  return deleted;
}
