// Named JSON values that outlive the process (the analyzer's learned baselines).
import type { Clock } from '../core/types.ts';
import type { Connection } from './connection.ts';

export interface BaselineStore {
  saveBaseline(name: string, data: unknown): boolean;
  /** The value saved under `name`, or null. */
  loadBaseline(name: string): unknown;
}

export function createBaselineStore(conn: Connection, clock: Clock): BaselineStore {
  const prep = conn.statements();
  return {
    saveBaseline(name, data) {
      return conn.write('baseline', () => {
        prep('INSERT OR REPLACE INTO baselines (name, data, updated_at) VALUES (?, ?, ?)').run(
          name,
          JSON.stringify(data),
          clock.now(),
        );
      });
    },

    loadBaseline(name) {
      return conn.read(null as unknown, () => {
        const r = prep('SELECT data FROM baselines WHERE name = ?').get(name) as { data: string } | undefined;
        return r ? (JSON.parse(r.data) as unknown) : null;
      });
    },
  };
}
