// `vigil status` shows the alerts a running daemon recorded beside its own instant findings, and
// judges with what the daemon remembers (its analyzer memory: lineage, zombies' first sight).
import { existsSync } from 'node:fs';
import type { Alert, Logger } from '../core/types.ts';
import { MEMORY_STATE } from './analyzer-state.ts';
import { dbPath, openStore, type Store } from './store.ts';
import type { RecorderInfo } from './types.ts';

/**
 * `alerts` plus the firing alerts of a live recorder, de-duplicated by id: the same subject keeps
 * the daemon's `since` (it has watched longer) and this look's fresher message and subject.
 */
export function mergeDaemonAlerts(alerts: readonly Alert[], daemon: readonly Alert[]): Alert[] {
  const byId = new Map(daemon.map((a) => [a.id, a]));
  const mine = new Set(alerts.map((a) => a.id));
  return [
    ...alerts.map((a) => {
      const d = byId.get(a.id);
      return d ? { ...a, since: d.since } : a;
    }),
    ...daemon.filter((a) => !mine.has(a.id)),
  ];
}

/** `alerts` plus the firing alerts of a live recorder in `dataDir` (mergeDaemonAlerts). */
export function withDaemonAlerts(alerts: Alert[], dataDir: string, log?: Logger): Alert[] {
  return mergeDaemonAlerts(alerts, daemonView(dataDir, log).alerts);
}

export interface DaemonView {
  /** Firing alerts a live recorder recorded. */
  alerts: Alert[];
  /** The analyzer memory it saved (src/rules/memory.ts), or null. */
  memory: unknown;
  /** The live recorder, or null when none runs. */
  recorder: RecorderInfo | null;
}

/** What the daemon of `dataDir` knows, read-only; empty when there is no history yet. */
export function daemonView(dataDir: string, log?: Logger): DaemonView {
  if (!existsSync(dbPath(dataDir))) return { alerts: [], memory: null, recorder: null };
  const store: Store = openStore(dataDir, { readonly: true, ...(log ? { log } : {}) });
  try {
    const owner = store.recorderInfo();
    return {
      alerts: store.activeDaemonAlerts(),
      memory: store.loadAnalyzerState(MEMORY_STATE)?.data ?? null,
      recorder: owner?.alive ? owner : null,
    };
  } finally {
    store.close();
  }
}

/**
 * The live recorder of `dataDir` when it is another process (a daemon beside this `vigil watch`),
 * else null: services that must act once per machine (notifiers, AI, auto actions) stand down.
 */
export function otherRecorder(dataDir: string, log?: Logger): RecorderInfo | null {
  if (!existsSync(dbPath(dataDir))) return null;
  const store = openStore(dataDir, { readonly: true, ...(log ? { log } : {}) });
  try {
    const owner = store.recorderInfo();
    return owner?.alive && owner.pid !== process.pid ? owner : null;
  } finally {
    store.close();
  }
}
