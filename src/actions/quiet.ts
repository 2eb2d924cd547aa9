// A TUI started beside a running daemon stays quiet: the daemon already notifies, logs and acts
// (docs/history.md "Exactly one recorder"). The store says who records; asked at most every 10 s.
import type { Logger } from '../core/types.ts';
import type { ServiceContext } from '../engine/services.ts';
import type { ActionStore } from './record.ts';

const CHECK_EVERY_MS = 10_000;

export interface QuietOptions {
  role: ServiceContext['role'];
  log: Logger;
  /** The store as it is now (opened on start, closed on stop). */
  store: () => ActionStore | null;
  now?: () => number;
  selfPid?: number;
}

/** Whether this process should leave notifications and auto actions to a running daemon. */
export function quietGate(opts: QuietOptions): () => boolean {
  const now = opts.now ?? Date.now;
  const selfPid = opts.selfPid ?? process.pid;
  let quiet = false;
  let nextCheck = 0;
  return () => {
    const store = opts.store();
    if (opts.role !== 'tui' || !store?.recorderInfo) return false;
    const t = now();
    if (t < nextCheck) return quiet;
    nextCheck = t + CHECK_EVERY_MS;
    let info: { pid: number; role: string; alive: boolean } | null = null;
    try {
      info = store.recorderInfo();
    } catch {
      info = null;
    }
    const next = info?.alive === true && info.pid !== selfPid && info.role === 'daemon';
    if (next !== quiet) {
      opts.log.info(
        next
          ? 'a daemon is running: notifications and auto actions left to it'
          : 'notifying from this process',
        { daemonPid: info?.pid ?? null },
      );
    }
    quiet = next;
    return quiet;
  };
}
