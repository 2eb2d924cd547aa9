// Retention and downsampling, one pass in the caller's transaction: delete what is older than
// the retention window, fold old raw samples into coarser buckets (system: averages with peaks
// kept; processes: peaks), drop processes with no sample left. Only whole buckets are folded, so
// each bucket is folded exactly once. (better-sqlite3 binds JS numbers as REAL: the CASTs keep the
// bucket arithmetic an integer division.)
import { pruneFrames } from './frames.ts';
import type { Database } from './sqlite.ts';

export interface RetentionOptions {
  now: number;
  retentionHours: number;
  /** Raw samples are kept this long before folding (default 24 h). */
  rawHours?: number;
  /** Bucket width for old system samples (default 900 s). */
  systemBucketSecs?: number;
  /** Bucket width for old process samples (default 3600 s). */
  processBucketSecs?: number;
}

export interface RetentionResult {
  deletedSystem: number;
  deletedProcess: number;
  foldedSystem: number;
  foldedProcess: number;
  deletedOther: number;
  /** Incident recorder frames (frames.ts: whole chains stay rebuildable). */
  deletedFrames: number;
}

export function runRetention(db: Database, o: RetentionOptions): RetentionResult {
  const cutoff = o.now - o.retentionHours * 3_600_000;
  const rawEdge = o.now - (o.rawHours ?? 24) * 3_600_000;
  const sysB = (o.systemBucketSecs ?? 900) * 1000;
  const procB = (o.processBucketSecs ?? 3600) * 1000;
  const r: RetentionResult = {
    deletedSystem: 0,
    deletedProcess: 0,
    foldedSystem: 0,
    foldedProcess: 0,
    deletedOther: 0,
    deletedFrames: 0,
  };

  r.deletedSystem = db.prepare('DELETE FROM system_samples WHERE time < ?').run(cutoff).changes;
  r.deletedProcess = db.prepare('DELETE FROM process_samples WHERE time < ?').run(cutoff).changes;
  r.deletedOther += db
    .prepare('DELETE FROM alerts WHERE resolved_at IS NOT NULL AND resolved_at < ?')
    .run(cutoff).changes;
  r.deletedOther += db.prepare('DELETE FROM actions WHERE time < ?').run(cutoff).changes;
  r.deletedOther += db.prepare('DELETE FROM ai_calls WHERE time < ?').run(cutoff).changes;
  r.deletedFrames = pruneFrames(db, cutoff);

  const sysEdge = Math.floor(rawEdge / sysB) * sysB;
  const sysRes = sysB / 1000;
  db.prepare(
    `INSERT INTO system_samples (time, resolution_secs, cpu_percent, cpu_percent_max, load1, load5, load15,
       mem_total, mem_used, mem_used_max, mem_available, swap_total, swap_used, psi_some10,
       disk_min_free_percent, net_rx_bps, net_tx_bps, cpu_temp, gpu_temp, gpu_util, process_count)
     SELECT (time / CAST(@b AS INTEGER)) * CAST(@b AS INTEGER), CAST(@res AS INTEGER), AVG(cpu_percent), MAX(COALESCE(cpu_percent_max, cpu_percent)), AVG(load1),
       AVG(load5), AVG(load15), MAX(mem_total), AVG(mem_used), MAX(COALESCE(mem_used_max, mem_used)),
       AVG(mem_available), MAX(swap_total), AVG(swap_used), AVG(psi_some10), MIN(disk_min_free_percent),
       AVG(net_rx_bps), AVG(net_tx_bps), MAX(cpu_temp), MAX(gpu_temp), AVG(gpu_util), AVG(process_count)
     FROM system_samples WHERE time < @edge AND resolution_secs < @res GROUP BY time / CAST(@b AS INTEGER)`,
  ).run({ b: sysB, res: sysRes, edge: sysEdge });
  r.foldedSystem = db
    .prepare('DELETE FROM system_samples WHERE time < ? AND resolution_secs < ?')
    .run(sysEdge, sysRes).changes;

  const procEdge = Math.floor(rawEdge / procB) * procB;
  const procRes = procB / 1000;
  // A raw sample sitting exactly on a bucket start is replaced by the bucket (it is part of it).
  db.prepare(
    `INSERT OR REPLACE INTO process_samples (process_id, time, resolution_secs, cpu_percent, rss_bytes, threads, fds)
     SELECT process_id, (time / CAST(@b AS INTEGER)) * CAST(@b AS INTEGER), CAST(@res AS INTEGER), MAX(cpu_percent), MAX(rss_bytes), MAX(threads), MAX(fds)
     FROM process_samples WHERE time < @edge AND resolution_secs < @res GROUP BY process_id, time / CAST(@b AS INTEGER)`,
  ).run({ b: procB, res: procRes, edge: procEdge });
  r.foldedProcess = db
    .prepare('DELETE FROM process_samples WHERE time < ? AND resolution_secs < ?')
    .run(procEdge, procRes).changes;

  r.deletedOther += db
    .prepare(
      'DELETE FROM processes WHERE NOT EXISTS (SELECT 1 FROM process_samples s WHERE s.process_id = processes.id)',
    )
    .run().changes;
  return r;
}
