// Keeping the file healthy: the recorder's retention pass (then giving freed pages back and
// truncating the WAL) and the integrity check `vigil health` runs.
import type { Logger } from '../core/types.ts';
import type { Connection } from './connection.ts';
import { errMessage } from './open.ts';
import { type RetentionOptions, type RetentionResult, runRetention } from './retention.ts';

export interface Maintenance {
  retention(opts: RetentionOptions): RetentionResult | null;
  /** `PRAGMA integrity_check` (full) or `quick_check`; 'ok' when healthy. */
  integrityCheck(quick?: boolean): string;
}

export function createMaintenance(conn: Connection, log: Logger): Maintenance {
  return {
    retention(o) {
      const db = conn.handle();
      if (conn.readonly || !db) return null;
      let result: RetentionResult | null = null;
      const ok = conn.write('retention', () => {
        result = runRetention(db, o);
      });
      if (!ok) return null;
      try {
        db.pragma('incremental_vacuum');
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch (err) {
        log.once('store-vacuum', 'warn', 'history vacuum failed', { error: errMessage(err) });
      }
      return result;
    },

    integrityCheck(quick = false) {
      const db = conn.handle();
      if (!db) return conn.reason() ?? 'unavailable';
      try {
        const rows = db.pragma(quick ? 'quick_check' : 'integrity_check') as Record<string, string>[];
        return rows.map((r) => Object.values(r)[0]).join('; ');
      } catch (err) {
        return errMessage(err);
      }
    },
  };
}
