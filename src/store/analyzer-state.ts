// What the analyzer remembers across restarts (src/rules/memory.ts: zombies' first sight, who
// started the processes the storm and orphan rules care about), as named JSON values: the daemon
// writes it, a restarted daemon and a one-shot `vigil status` read it back.
import type { Clock } from '../core/types.ts';
import type { Connection } from './connection.ts';
import { storedJson } from './rows.ts';

/** The schema version that added the analyzer_state table (src/store/schema.ts). */
const ANALYZER_STATE_SINCE = 3;

/** The analyzer state row of the rules' memory (src/rules/memory.ts). */
export const MEMORY_STATE = 'memory';

export interface AnalyzerStateStore {
  saveAnalyzerState(name: string, data: unknown): boolean;
  /** The value saved under `name` and when, or null. */
  loadAnalyzerState(name: string): { data: unknown; updatedAt: number } | null;
}

export function createAnalyzerStateStore(conn: Connection, clock: Clock): AnalyzerStateStore {
  const prep = conn.statements();
  return {
    saveAnalyzerState(name, data) {
      return conn.write('analyzer state', () => {
        prep('INSERT OR REPLACE INTO analyzer_state (name, data, updated_at) VALUES (?, ?, ?)').run(
          name,
          // Command lines of remembered processes: redacted like every stored text (SPEC §8).
          storedJson(data),
          clock.now(),
        );
      });
    },

    loadAnalyzerState(name) {
      // A read-only look at a file an older Vigil wrote (not migrated): nothing remembered yet.
      if ((conn.status().schemaVersion ?? 0) < ANALYZER_STATE_SINCE) return null;
      return conn.read<{ data: unknown; updatedAt: number } | null>(null, () => {
        const r = prep('SELECT data, updated_at FROM analyzer_state WHERE name = ?').get(name) as
          | { data: string; updated_at: number }
          | undefined;
        return r ? { data: JSON.parse(r.data) as unknown, updatedAt: r.updated_at } : null;
      });
    },
  };
}
