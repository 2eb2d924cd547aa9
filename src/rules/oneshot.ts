// The one-shot look of `vigil status` (SPEC §3): two samples one second apart, and every rule
// one look can judge fires at once — duplicates and storms (from the visible lineage, the
// cgroups, and what a daemon remembered), busy orphans over the one-second window, disks, swap,
// temperatures, OOM kills still in the kernel log. Duration rules (ram_high, load_high,
// memory_leak, disk_fill_eta, baseline_anomaly) need a watcher: status says so and shows which of
// their conditions hold right now. Zombies are listed; the `zombie` rule fires only when the
// daemon's memory says how long they have been zombies (/proc does not).
import type { VigilConfig } from '../config/types.ts';
import { realClock } from '../core/clock.ts';
import type {
  Alert,
  AlertEvent,
  Clock,
  Finding,
  Logger,
  ProcessSnapshot,
  RuleId,
  Snapshot,
} from '../core/types.ts';
import type { Analyzer } from '../engine/engine.ts';
import type { Lineage } from '../engine/lineage.ts';
import { type Params, translator } from '../i18n/index.ts';
import { createJudge } from './judge.ts';
import { alertId, alertOf } from './lifecycle.ts';
import { OOM_HOLD_MS } from './oom_kill.ts';
import { pct } from './util.ts';

/** Rules a watcher must judge over time; one look only sees whether their condition holds now. */
export const DURATION_RULES: readonly RuleId[] = [
  'ram_high',
  'load_high',
  'zombie',
  'memory_leak',
  'disk_fill_eta',
  'baseline_anomaly',
];

/** Duration rules whose condition one look can see (shown as pending). */
const PENDING_VISIBLE: ReadonlySet<RuleId> = new Set(['ram_high', 'load_high']);

export interface ZombieNote {
  pid: number;
  ppid: number;
  /** The parent's name (it must reap the zombie), null when unknown. */
  parent: string | null;
  /** ISO time a daemon first saw it in state Z, or null (nobody watched). */
  firstSeen: string | null;
}

export interface OneShotNotes {
  /** Duration rules one look cannot judge. */
  needsDaemon: RuleId[];
  /** Duration rules whose condition holds now (they fire once it has lasted `forSecs`). */
  pending: { rule: RuleId; severity: Alert['severity']; what: string; forSecs: number }[];
  zombies: ZombieNote[];
  /** OOM kills still in the kernel log but older than the hold time (not firing any more). */
  earlierOomKills: { pid: number; name: string; time: string }[];
}

export interface OneShotAnalyzer extends Analyzer {
  readonly lineage: Lineage;
  /** What the last look saw besides its alerts. */
  notes(): OneShotNotes;
}

export interface OneShotOptions {
  clock?: Clock;
  log?: Logger;
  selfPid?: number;
  /** What a daemon remembered (its store's analyzer memory), imported before the first look. */
  memory?: unknown;
}

const key = (p: ProcessSnapshot) => `${p.pid}:${p.startTicks}`;

/** What a duration rule sees now, without claiming it has lasted. */
function pendingNote(f: Finding, t: (k: string, p?: Params) => string): OneShotNotes['pending'][number] {
  const d = f.details ?? {};
  const what =
    f.rule === 'ram_high'
      ? t('rules.pending.ram_high', { percent: pct(Number(d.usedPercent)) })
      : t('rules.pending.load_high', {
          load: Number(d.load1).toFixed(2),
          limit: Number(d.limit).toFixed(1),
        });
  return { rule: f.rule, severity: f.severity, what, forSecs: f.forSecs ?? 0 };
}

function zombieNotes(s: Snapshot, since: ReadonlyMap<string, number>): ZombieNote[] {
  const byPid = new Map(s.processes.map((p) => [p.pid, p]));
  return s.processes
    .filter((p) => p.state === 'Z')
    .map((p) => {
      const first = since.get(key(p));
      return {
        pid: p.pid,
        ppid: p.ppid,
        parent: byPid.get(p.ppid)?.name ?? null,
        // A first sight this very look is not a remembered one.
        firstSeen:
          first !== undefined && first < Date.parse(s.time) - 5000 ? new Date(first).toISOString() : null,
      };
    });
}

export function createOneShotAnalyzer(config: VigilConfig, opts: OneShotOptions = {}): OneShotAnalyzer {
  const clock = opts.clock ?? realClock;
  const judge = createJudge(config, {
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.selfPid !== undefined ? { selfPid: opts.selfPid } : {}),
  });
  if (opts.memory !== undefined && opts.memory !== null) judge.importMemory(opts.memory, clock.now());
  let t = translator(config.general.language);
  let previous: Set<string> | null = null;
  let alerts: Alert[] = [];
  let notes: OneShotNotes = {
    needsDaemon: [...DURATION_RULES],
    pending: [],
    zombies: [],
    earlierOomKills: [],
  };
  const hooks = {
    firing: () => false,
    // Copies must be there in both samples: a build's short-lived processes are not a group.
    grouped: (p: ProcessSnapshot) => previous?.has(key(p)) ?? false,
  };

  return {
    lineage: judge.lineage,
    analyze(snapshot: Snapshot, _history, now = clock.now()): AlertEvent[] {
      const findings = judge.judge(snapshot, now, hooks);
      const first = previous === null;
      previous = new Set(snapshot.processes.map(key));
      // The first sample has no CPU window and nothing seen twice: the look is the second one.
      if (first) return [];
      const fired: Alert[] = [];
      const pending: OneShotNotes['pending'] = [];
      const earlierOomKills: OneShotNotes['earlierOomKills'] = [];
      for (const f of findings) {
        if (f.rule === 'oom_kill') {
          const loggedAt = Date.parse(String(f.details?.loggedAt ?? ''));
          if (Number.isFinite(loggedAt) && now - loggedAt >= OOM_HOLD_MS) {
            const victim = f.details?.victim as { pid: number; name: string } | undefined;
            if (victim)
              earlierOomKills.push({
                pid: victim.pid,
                name: victim.name,
                time: new Date(loggedAt).toISOString(),
              });
            continue;
          }
        }
        if (f.rule !== 'zombie' && DURATION_RULES.includes(f.rule)) {
          if (PENDING_VISIBLE.has(f.rule)) pending.push(pendingNote(f, t));
          continue;
        }
        if (!fired.some((a) => a.id === alertId(f.rule, f.key))) fired.push(alertOf(f, now));
      }
      alerts = fired;
      notes = {
        needsDaemon: [...DURATION_RULES],
        pending,
        zombies: zombieNotes(snapshot, judge.zombieSince),
        earlierOomKills,
      };
      return alerts.map((alert) => ({ event: 'fired', alert, time: now }));
    },
    active: () => alerts.map((a) => ({ ...a, subject: { ...a.subject, pids: [...a.subject.pids] } })),
    foresight: (snapshot) => judge.foresight(snapshot),
    setConfig(next) {
      judge.setConfig(next);
      t = translator(next.general.language);
    },
    notes: () => notes,
  };
}
