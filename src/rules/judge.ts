// The rules' judge: the state they need across ticks — lineage, RSS, disk and memory series,
// zombie ages, recent OOM events, learned baselines — all bounded, and one pass of every rule
// over a snapshot, giving findings. The daemon's analyzer (index.ts) turns findings into alerts
// through the lifecycle; the one-shot `vigil status` (oneshot.ts) judges them in one look.
import type { VigilConfig } from '../config/types.ts';
import { ignoreMatcher } from '../core/glob.ts';
import type { Finding, KernelEvent, Logger, OomForesight, ProcessSnapshot, Snapshot } from '../core/types.ts';
import { Lineage } from '../engine/lineage.ts';
import { translator } from '../i18n/index.ts';
import { type BaselineData, type BaselineMetric, Baselines } from './baseline.ts';
import { rule as baselineAnomaly, baselineValues, learnableValue } from './baseline_anomaly.ts';
import { RuleCaches } from './caches.ts';
import { rule as diskFillEta } from './disk_fill_eta.ts';
import { rule as diskLow } from './disk_low.ts';
import { rule as duplicateProcesses } from './duplicate_processes.ts';
import { rule as ghostProcessStorm } from './ghost_process_storm.ts';
import { type DuplicateGroup, duplicateGroups } from './groups.ts';
import { rule as loadHigh } from './load_high.ts';
import { exportMemory, importMemory, type MemoryExport } from './memory.ts';
import { rule as memoryLeak } from './memory_leak.ts';
import { oomTrend } from './oom_foresight.ts';
import { OOM_HOLD_MS, OOM_MAX_REMEMBERED, rule as oomKill } from './oom_kill.ts';
import { rule as orphanCpu } from './orphan_cpu.ts';
import { rule as ramHigh } from './ram_high.ts';
import { rule as swapHigh } from './swap_high.ts';
import { rule as temperatureHigh } from './temperature_high.ts';
import { DiskSeries, HeadroomSeries, RssSeries } from './trend.ts';
import type { Rule, RuleContext } from './types.ts';
import { isRealFs } from './util.ts';
import { rule as zombie } from './zombie.ts';

/** Every rule, in the order their findings are listed. */
export const RULES: readonly Rule[] = [
  oomKill,
  ramHigh,
  swapHigh,
  diskLow,
  diskFillEta,
  loadHigh,
  temperatureHigh,
  ghostProcessStorm,
  duplicateProcesses,
  zombie,
  orphanCpu,
  memoryLeak,
  baselineAnomaly,
];

export interface JudgeOptions {
  log?: Logger;
  /** Vigil's own pid (default process.pid): it and its ancestors are never a rule's subject. */
  selfPid?: number;
  /** Local hour of a time (tests pin it); default: the machine's local time. */
  hourOf?: (ms: number) => number;
}

export interface JudgeHooks {
  /** Whether the alert with this finding key is firing now (for hysteresis). */
  firing(key: string): boolean;
  /** Leave processes out of duplicate groups (the one-shot look keeps those seen twice). */
  grouped?(p: ProcessSnapshot): boolean;
}

export interface Judge {
  readonly lineage: Lineage;
  /** When each zombie (pid:startTicks) was first seen in state Z. */
  readonly zombieSince: ReadonlyMap<string, number>;
  /** Update the state with a snapshot and return every rule's findings. */
  judge(snapshot: Snapshot, now: number, hooks: JudgeHooks): Finding[];
  setConfig(config: VigilConfig): void;
  exportBaselines(): BaselineData;
  importBaselines(data: unknown): void;
  /** What a restarted daemon or a one-shot status needs to remember; null when unchanged. */
  exportMemory(now: number, force?: boolean): MemoryExport | null;
  importMemory(data: unknown, now: number): void;
  /** The memory headroom trend and the time to OOM at that rate (oom_foresight.ts). */
  foresight(snapshot: Snapshot): Pick<OomForesight, 'trendBytesPerSec' | 'timeToOomSecs'>;
}

export function createJudge(initial: VigilConfig, opts: JudgeOptions = {}): Judge {
  const selfPid = opts.selfPid ?? process.pid;
  const log = opts.log;
  let config = initial;
  let t = translator(config.general.language);
  let ignoredBy = ignoreMatcher(config.allowlist.ignore_commands);
  const lineage = new Lineage();
  const rss = new RssSeries();
  const disks = new DiskSeries();
  const headroom = new HeadroomSeries();
  const baselines = new Baselines(opts.hourOf);
  const caches = new RuleCaches();
  const normalize = (cmdline: string) => caches.normalize(cmdline);
  const zombieSince = new Map<string, number>();
  const memoryState = { lastKeys: '' };
  let recentOoms: { key: string; event: KernelEvent; seenAt: number }[] = [];

  function trackZombies(processes: readonly ProcessSnapshot[], now: number): void {
    const seen = new Set<string>();
    for (const p of processes) {
      if (p.state !== 'Z') continue;
      const key = `${p.pid}:${p.startTicks}`;
      seen.add(key);
      if (!zombieSince.has(key)) zombieSince.set(key, now);
    }
    for (const key of zombieSince.keys()) if (!seen.has(key)) zombieSince.delete(key);
  }

  /** OOM events held from when Vigil first saw them; the same event is never counted twice. */
  function trackOoms(events: readonly KernelEvent[] | undefined, now: number): void {
    for (const e of events ?? []) {
      if (!e.oom) continue;
      const key = `${e.oom.pid}:${e.time}`;
      if (!recentOoms.some((r) => r.key === key)) recentOoms.push({ key, event: e, seenAt: now });
    }
    recentOoms = recentOoms.filter((r) => now - r.seenAt < OOM_HOLD_MS).slice(-OOM_MAX_REMEMBERED);
  }

  /** Vigil itself and its ancestors (the user's shell, tmux, a bench harness). */
  function selfAndAncestors(byPid: ReadonlyMap<number, ProcessSnapshot>): Set<number> {
    const self = new Set<number>();
    for (let pid = selfPid, guard = 0; pid > 1 && guard < 64 && !self.has(pid); guard++) {
      self.add(pid);
      pid = byPid.get(pid)?.ppid ?? 0;
    }
    return self;
  }

  function evaluate(ctx: RuleContext): Finding[] {
    const findings: Finding[] = [];
    for (const r of RULES) {
      try {
        findings.push(...r.evaluate(ctx));
      } catch (err) {
        log?.once(`rule:${r.id}:${(err as Error).message}`, 'error', 'rule failed', {
          rule: r.id,
          error: (err as Error).message,
        });
      }
    }
    return findings;
  }

  return {
    lineage,
    zombieSince,
    judge(snapshot, now, hooks) {
      const processes = snapshot.processes;
      const byPid = new Map<number, ProcessSnapshot>();
      for (const p of processes) byPid.set(p.pid, p);
      caches.beginTick();
      lineage.update(processes, now);
      rss.update(processes, now, config.thresholds.leak_window_secs * 1000);
      disks.update(
        snapshot.disks.filter((d) => isRealFs(d.fsType, d.totalBytes)),
        now,
      );
      headroom.update(snapshot.memory, now);
      trackZombies(processes, now);
      trackOoms(snapshot.kernelEvents, now);
      const self = selfAndAncestors(byPid);
      const ignored = (p: ProcessSnapshot) => self.has(p.pid) || ignoredBy(p.name, p.cmdline) !== null;
      const grouped = hooks.grouped;
      const leftOut = grouped ? (p: ProcessSnapshot) => ignored(p) || !grouped(p) : ignored;
      let groups: DuplicateGroup[] | null = null;
      const ctx: RuleContext = {
        snapshot,
        now,
        config,
        t,
        firing: hooks.firing,
        ignored,
        lineage,
        byPid,
        groups: () => {
          groups ??= duplicateGroups(processes, byPid, leftOut, normalize, (p) => caches.cgroup(p));
          return groups;
        },
        rss,
        disks,
        baselines,
        zombieSince,
        recentOoms: recentOoms.map((r) => r.event),
        caches,
      };
      const findings = evaluate(ctx);
      // Learn after judging, so an anomaly is measured against the past, not against itself.
      for (const [name, value] of Object.entries(baselineValues(snapshot))) {
        const metric = name as BaselineMetric;
        if (value !== null)
          baselines.learn(metric, learnableValue(metric, value, baselines.judgeable(metric, now)), now);
      }
      return findings;
    },
    setConfig(next) {
      config = next;
      t = translator(next.general.language);
      ignoredBy = ignoreMatcher(next.allowlist.ignore_commands);
    },
    exportBaselines: () => baselines.export(),
    importBaselines: (data) => baselines.import(data),
    exportMemory: (now, force = false) =>
      exportMemory({ lineage, zombieSince, caches, state: memoryState, now, force }),
    importMemory: (data, now) => importMemory(data, { lineage, zombieSince, now }),
    foresight: (snapshot) => oomTrend(headroom.get(), snapshot.memory.totalBytes),
  };
}
