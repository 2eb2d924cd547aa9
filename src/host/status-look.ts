// The one look of `vigil status` (and `--check`, which renders the same alerts): what a running
// daemon knows is read first (its alerts, and its memory of lineage and zombies, so the look
// judges with it), then two samples one second apart through the one-shot analyzer
// (src/rules/oneshot.ts), then the daemon's alerts are merged in.
import type { VigilConfig } from '../config/types.ts';
import type { Collector, Logger, Roots, Snapshot } from '../core/types.ts';
import { createOneShotAnalyzer, type OneShotNotes } from '../rules/oneshot.ts';
import type { DaemonView } from '../store/merge.ts';
import { buildEngine } from './compose.ts';

/** How long `status` waits between its two samples (CPU% needs a window). */
export const STATUS_WINDOW_MS = 1000;

export interface OneShotReport extends OneShotNotes {
  /** The live recorder (a daemon or a `vigil watch`) whose alerts are merged in, or null. */
  daemon: { pid: number; role: string } | null;
}

export interface StatusLook {
  /** The second sample, its alerts being this look's plus the daemon's. */
  snapshot: Snapshot;
  oneShot: OneShotReport;
}

export interface StatusLookOptions {
  config: VigilConfig;
  log: Logger;
  dataDir: string;
  windowMs?: number;
  roots?: Roots;
  collectors?: Collector[];
}

const NO_DAEMON: DaemonView = { alerts: [], memory: null, recorder: null };

async function readDaemon(dataDir: string, log: Logger): Promise<DaemonView> {
  try {
    // Lazy: SQLite is loaded only when a history file exists (daemonView checks first).
    const { daemonView } = await import('../store/merge.ts');
    return daemonView(dataDir, log);
  } catch (err) {
    log.once('status-daemon', 'debug', 'daemon history unreadable', { error: (err as Error).message });
    return NO_DAEMON;
  }
}

export async function lookOnce(o: StatusLookOptions): Promise<StatusLook> {
  const daemon = await readDaemon(o.dataDir, o.log);
  const analyzer = createOneShotAnalyzer(o.config, { log: o.log, memory: daemon.memory });
  const engine = buildEngine({
    config: o.config,
    role: 'status',
    log: o.log,
    analyzer,
    ...(o.roots ? { roots: o.roots } : {}),
    ...(o.collectors ? { collectors: o.collectors } : {}),
  });
  try {
    await engine.tick();
    await new Promise((r) => setTimeout(r, o.windowMs ?? STATUS_WINDOW_MS));
    const { snapshot } = await engine.tick();
    const { mergeDaemonAlerts } = await import('../store/merge.ts');
    snapshot.alerts = mergeDaemonAlerts(snapshot.alerts, daemon.alerts);
    const rec = daemon.recorder;
    return {
      snapshot,
      oneShot: { ...analyzer.notes(), daemon: rec ? { pid: rec.pid, role: rec.role } : null },
    };
  } finally {
    await engine.stop();
  }
}
