// Auto-remediation (mode 'auto'): the only automatic action is kill_process (SIGTERM) of the
// subjects of a firing alert that the policy classifies safe — today the orphaned duplicates of
// a ghost_process_storm. Each process identity is tried once; signals are rate-limited; a dry-run
// switch decides and logs without signalling. AI "custom" commands are never run: there is no
// code path that runs a command at all.
import type { Logger, Snapshot } from '../core/types.ts';
import { checkPolicy, requestSignal } from './index.ts';
import { AUTO_SAFE_RULES } from './policy.ts';
import type { ActionDeps, SignalRequest, SignalResult } from './types.ts';

export interface AutoOptions {
  deps: () => ActionDeps;
  log: Logger;
  /** Signals sent at most per window (default 5 per 60 s). */
  maxPerWindow?: number;
  windowMs?: number;
  dryRun?: boolean;
  /** Wait for exit after SIGTERM (default 2000 ms; runs off the tick). */
  waitMs?: number;
  onResult?: (req: SignalRequest, res: SignalResult) => void;
}

export interface AutoRemediator {
  /** Look at a snapshot; returns at once (signals run in the background). */
  onSnapshot(snapshot: Snapshot): void;
  /** Resolve when every request started so far has finished. */
  idle(): Promise<void>;
  readonly stats: { requested: number; allowed: number; refused: number; rateLimited: number };
}

export function createAutoRemediator(opts: AutoOptions): AutoRemediator {
  const maxPerWindow = opts.maxPerWindow ?? 5;
  const windowMs = opts.windowMs ?? 60_000;
  /** pid:startTicks → the last decision code ('ok' once acted on). */
  const seen = new Map<string, string>();
  const sent: number[] = [];
  const inFlight = new Set<Promise<void>>();
  const stats = { requested: 0, allowed: 0, refused: 0, rateLimited: 0 };

  function start(req: SignalRequest, deps: ActionDeps): void {
    stats.requested++;
    const p = requestSignal(req, deps).then(
      (res) => {
        if (res.outcome === 'refused') stats.refused++;
        opts.onResult?.(req, res);
      },
      (err: Error) => opts.log.error('auto action failed', { pid: req.pid, error: err.message }),
    );
    const tracked = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }

  return {
    stats,
    onSnapshot(snapshot) {
      const deps = opts.deps();
      if (deps.config.general.mode !== 'auto') return;
      const now = deps.clock.monotonic();
      while (sent.length && now - sent[0]! >= windowMs) sent.shift();
      const byPid = new Map(snapshot.processes.map((p) => [p.pid, p]));
      for (const key of seen.keys()) if (!byPid.has(Number(key.split(':')[0]))) seen.delete(key);
      for (const alert of snapshot.alerts) {
        if (alert.state !== 'firing' || !AUTO_SAFE_RULES.has(alert.rule)) continue;
        for (const pid of alert.subject.pids) {
          const proc = byPid.get(pid);
          if (!proc) continue;
          const key = `${pid}:${proc.startTicks}`;
          const last = seen.get(key);
          if (last === 'ok') continue; // acted on once; never twice
          const req: SignalRequest = {
            pid,
            startTicks: proc.startTicks,
            signal: 'SIGTERM',
            origin: 'auto',
            alertId: alert.id,
            waitMs: opts.waitMs ?? 2000,
            ...(opts.dryRun ? { dryRun: true } : {}),
          };
          const decision = checkPolicy(req, deps);
          if (!decision.allowed) {
            // A refusal can change (the parent dies: now an orphan); each new reason is recorded
            // once, through requestSignal, so the log says why nothing was done.
            if (last === decision.code) continue;
            seen.set(key, decision.code);
            start(req, deps);
            continue;
          }
          if (sent.length >= maxPerWindow) {
            // Considered again once the window has room.
            stats.rateLimited++;
            opts.log.once(`auto-rate:${Math.floor(now / windowMs)}`, 'warn', 'auto actions rate-limited', {
              maxPerWindow,
              windowSecs: windowMs / 1000,
            });
            continue;
          }
          seen.set(key, 'ok');
          stats.allowed++;
          sent.push(now);
          start(req, deps);
        }
      }
    },
    async idle() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
}
