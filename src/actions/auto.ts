// Auto-remediation (mode 'auto'): the only automatic action is SIGTERM to the subjects of a firing
// alert that the policy classifies safe — today the orphaned members of a ghost_process_storm.
// A storm is remediated as ONE action (group.ts): one decision for the whole group, explicit pids
// with their start times re-checked, one unit of the rate limit, re-checked until the group is
// gone, nothing outside it (a copy that appears meanwhile waits for the next decision). Each
// process identity is acted on once; a refusal is recorded once per reason; a dry-run switch
// decides and records without signalling. AI "custom" commands are never run: there is no code
// path that runs a command at all.
import type { Alert, Logger, Snapshot } from '../core/types.ts';
import { type GroupMember, type GroupResult, planGroup, requestGroupSignal } from './group.ts';
import { AUTO_SAFE_RULES } from './policy.ts';
import type { ActionDeps } from './types.ts';

export interface AutoOptions {
  deps: () => ActionDeps;
  log: Logger;
  /** Group actions started at most per window (default 5 per 60 s); a whole storm is one. */
  maxPerWindow?: number;
  windowMs?: number;
  dryRun?: boolean;
  /** How long a group is re-checked after SIGTERM (default 10 s; runs off the tick). */
  waitMs?: number;
  onResult?: (res: GroupResult) => void;
}

export interface AutoRemediator {
  /** Look at a snapshot; returns at once (signals run in the background). */
  onSnapshot(snapshot: Snapshot): void;
  /** Resolve when every group started so far has finished. */
  idle(): Promise<void>;
  readonly stats: {
    /** Group actions started (taken or refused). */
    requested: number;
    /** Processes the policy allowed. */
    allowed: number;
    /** Processes the policy refused. */
    refused: number;
    rateLimited: number;
  };
}

interface Candidate {
  /** The allowed members first, then those refused for a new reason. */
  members: GroupMember[];
  allowed: number;
  refused: number;
  /** The refusal codes to remember once the decision is recorded. */
  codes: Map<string, string>;
}

export function createAutoRemediator(opts: AutoOptions): AutoRemediator {
  const maxPerWindow = opts.maxPerWindow ?? 5;
  const windowMs = opts.windowMs ?? 60_000;
  /** pid:startTicks → the last decision code ('ok' once acted on). */
  const seen = new Map<string, string>();
  const sent: number[] = [];
  /** Alerts whose group is being signalled and re-checked: nothing joins it meanwhile. */
  const busy = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  const stats = { requested: 0, allowed: 0, refused: 0, rateLimited: 0 };

  /** The members of this alert worth a decision now, with the policy's verdict for each. */
  function candidate(alert: Alert, byPid: Map<number, number>, deps: ActionDeps): Candidate | null {
    const fresh: GroupMember[] = [];
    for (const pid of alert.subject.pids) {
      const startTicks = byPid.get(pid);
      if (startTicks === undefined || seen.get(`${pid}:${startTicks}`) === 'ok') continue;
      fresh.push({ pid, startTicks });
    }
    if (!fresh.length) return null;
    const plan = planGroup({ members: fresh, origin: 'auto', alertId: alert.id }, deps);
    // A refusal can change (the parent dies: now an orphan); each new reason is recorded once.
    const newRefusals = plan.refused.filter(
      (r) => seen.get(`${r.member.pid}:${r.member.startTicks}`) !== r.decision.code,
    );
    if (!plan.allowed.length && !newRefusals.length) return null;
    return {
      members: [...plan.allowed.map((a) => a.member), ...newRefusals.map((r) => r.member)],
      allowed: plan.allowed.length,
      refused: newRefusals.length,
      codes: new Map(newRefusals.map((r) => [`${r.member.pid}:${r.member.startTicks}`, r.decision.code])),
    };
  }

  function start(alert: Alert, c: Candidate, deps: ActionDeps): void {
    for (const [key, code] of c.codes) seen.set(key, code);
    stats.requested++;
    stats.allowed += c.allowed;
    stats.refused += c.refused;
    busy.add(alert.id);
    const p = requestGroupSignal(
      {
        members: c.members,
        origin: 'auto',
        alertId: alert.id,
        signal: 'SIGTERM',
        waitMs: opts.waitMs ?? 10_000,
        ...(opts.dryRun ? { dryRun: true } : {}),
      },
      deps,
    ).then(
      (res) => opts.onResult?.(res),
      (err: Error) => opts.log.error('auto action failed', { alertId: alert.id, error: err.message }),
    );
    const tracked = p.finally(() => {
      busy.delete(alert.id);
      inFlight.delete(tracked);
    });
    inFlight.add(tracked);
  }

  return {
    stats,
    onSnapshot(snapshot) {
      const deps = opts.deps();
      if (deps.config.general.mode !== 'auto') return;
      const now = deps.clock.monotonic();
      while (sent.length && now - sent[0]! >= windowMs) sent.shift();
      const byPid = new Map(snapshot.processes.map((p) => [p.pid, p.startTicks]));
      for (const key of seen.keys()) if (!byPid.has(Number(key.split(':')[0]))) seen.delete(key);
      for (const alert of snapshot.alerts) {
        if (alert.state !== 'firing' || !AUTO_SAFE_RULES.has(alert.rule) || busy.has(alert.id)) continue;
        const c = candidate(alert, byPid, deps);
        if (!c) continue;
        if (c.allowed > 0) {
          if (sent.length >= maxPerWindow) {
            // Considered again once the window has room (its refusals were already noted).
            stats.rateLimited++;
            opts.log.once(`auto-rate:${Math.floor(now / windowMs)}`, 'warn', 'auto actions rate-limited', {
              maxPerWindow,
              windowSecs: windowMs / 1000,
            });
            continue;
          }
          for (const m of c.members.slice(0, c.allowed)) seen.set(`${m.pid}:${m.startTicks}`, 'ok');
          sent.push(now);
        }
        start(alert, c, deps);
      }
    },
    async idle() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
}
