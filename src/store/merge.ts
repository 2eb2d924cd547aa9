// `vigil status` shows the alerts a running daemon recorded beside its own instant findings.
import { existsSync } from 'node:fs';
import type { Alert, Logger } from '../core/types.ts';
import { dbPath, openStore } from './store.ts';
import type { RecorderInfo } from './types.ts';

/** `alerts` plus the firing alerts of a live recorder in `dataDir`, de-duplicated by id. */
export function withDaemonAlerts(alerts: Alert[], dataDir: string, log?: Logger): Alert[] {
  if (!existsSync(dbPath(dataDir))) return alerts;
  const store = openStore(dataDir, { readonly: true, ...(log ? { log } : {}) });
  try {
    const seen = new Set(alerts.map((a) => a.id));
    return [...alerts, ...store.activeDaemonAlerts().filter((a) => !seen.has(a.id))];
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
