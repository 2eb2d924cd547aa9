// The explain use case (`vigil explain <pid>`, the TUI's explain modal): gather the facts about a
// process straight from /proc — lineage, cgroup / systemd unit / container, cmdline, user, age,
// CPU and RSS now and in history, open files and sockets, children — then the local explanation,
// then (when enabled, keyed and within budget) the AI's diagnosis. Never throws for AI problems:
// the answer says why the AI part is missing.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { listeningSocketsOfPid } from '../collectors/sockets.ts';
import type { VigilConfig } from '../config/types.ts';
import { realClock } from '../core/clock.ts';
import type { Alert, Clock, Logger, Roots, Snapshot } from '../core/types.ts';
import { USER_HZ } from '../engine/derive.ts';
import { cgroupPathOf, classifyCgroup } from '../proc/cgroup.ts';
import { bootTimeSec, isRunning, type ProcFacts, readFacts, readPidStat } from '../proc/read.ts';
import { ancestorsOf, childrenMap } from '../proc/tree.ts';
import { rememberedAncestors } from '../rules/memory.ts';
import { MEMORY_STATE } from '../store/analyzer-state.ts';
import type { AlertStore, AnalyzerStateStore, SampleStore } from '../store/index.ts';
import { createBudget } from './budget.ts';
import { type AiClient, type AiFailureReason, apiKeyFrom, createAiClient } from './client.ts';
import { type AncestorFact, buildExplainPrompt, type ProcessFactsForPrompt } from './context.ts';
import { type Classification, describeProcess } from './local.ts';
import { type OomFacts, oomFacts, timeToOom } from './oom.ts';
import { redactionFor } from './prompt-inputs.ts';
import { checkProposals, type ProposalCheck, type ProposalScope } from './proposals.ts';
import { type AiStore, aiCallRecord, callTimes } from './record.ts';
import type { AiAnswer } from './schema.ts';

export interface ProcessFacts extends ProcessFactsForPrompt {
  uid: number;
  startTicks: number;
  /** ISO 8601, the same value as ProcessSnapshot.startTime (the store's process identity). */
  startTime: string;
  kernelThread: boolean;
  /** Firing alerts (recorded by a running daemon) that name this pid. */
  alerts: { id: string; rule: string; severity: string; message: string }[];
  /** Where the OOM killer would look first, and the time to OOM at the recorded trend. */
  oom: OomFacts;
}

/** systemd unit and container from a /proc/PID/cgroup text (v1 or v2): src/proc/cgroup.ts. */
export function parseCgroup(text: string): {
  cgroup: string | null;
  unit: string | null;
  container: string | null;
} {
  const path = cgroupPathOf(text);
  const info = classifyCgroup(path);
  return { cgroup: path || null, unit: info.unit, container: info.container };
}

export interface GatherOptions {
  roots: Roots;
  clock?: Clock;
  userOf: (uid: number) => string;
  /** CPU% is measured over this window (default 500 ms); 0 skips it. */
  sampleMs?: number;
  lang: VigilConfig['general']['language'];
}

/** The live parent chain of a process, nearest first (at most 16). */
function lineageOf(roots: Roots, st: ProcFacts): AncestorFact[] {
  const lineage: AncestorFact[] = [];
  for (const pid of ancestorsOf(roots, st.ppid, 16)) {
    const parent = readFacts(roots, pid);
    if (!parent) break;
    lineage.push({ pid: parent.pid, name: parent.name, cmdline: parent.cmdline, alive: true });
  }
  return lineage;
}

/** The children of `pid`, from one pass over /proc. */
function childrenOf(roots: Roots, pid: number): ProcessFactsForPrompt['children'] {
  const children: ProcessFactsForPrompt['children'] = [];
  for (const c of childrenMap(roots).get(pid) ?? []) {
    const child = readFacts(roots, c);
    if (child) children.push({ pid: child.pid, name: child.name, cmdline: child.cmdline });
  }
  return children;
}

/** Open fds and how many are sockets (fds null when unreadable: another user's process without root). */
function fdCounts(proc: string, pid: number): { fds: number | null; sockets: number } {
  let list: string[];
  try {
    list = readdirSync(`${proc}/${pid}/fd`);
  } catch {
    return { fds: null, sockets: 0 };
  }
  let sockets = 0;
  for (const fd of list) {
    try {
      if (readlinkSync(`${proc}/${pid}/fd/${fd}`).startsWith('socket:')) sockets++;
    } catch {
      // closed meanwhile
    }
  }
  return { fds: list.length, sockets };
}

function cgroupOf(proc: string, pid: number): ReturnType<typeof parseCgroup> {
  try {
    return parseCgroup(readFileSync(`${proc}/${pid}/cgroup`, 'latin1'));
  } catch {
    // gone or unreadable
    return { cgroup: null, unit: null, container: null };
  }
}

/** CPU% over `sampleMs`, as `top` would show it; null when skipped or the pid changed hands. */
async function cpuPercentOver(
  roots: Roots,
  st: ProcFacts,
  sampleMs: number,
  clock: Clock,
): Promise<number | null> {
  if (sampleMs <= 0) return null;
  const t0 = clock.monotonic();
  await new Promise((r) => setTimeout(r, sampleMs));
  const again = readPidStat(roots, st.pid);
  const dt = (clock.monotonic() - t0) / 1000;
  if (!again || again.startTicks !== st.startTicks || dt <= 0) return null;
  return Math.round(((again.cpuTicks - st.cpuTicks) / USER_HZ / dt) * 1000) / 10;
}

/** Everything /proc says about `pid`; null when there is no such process. */
export async function gatherFacts(pid: number, opts: GatherOptions): Promise<ProcessFacts | null> {
  const { roots } = opts;
  const proc = roots.proc;
  const clock = opts.clock ?? realClock;
  const st = readFacts(roots, pid);
  if (!st) return null;
  const startMs = bootTimeSec(roots) * 1000 + (st.startTicks / USER_HZ) * 1000;
  const now = clock.now();
  const lineage = lineageOf(roots, st);
  const children = childrenOf(roots, pid);
  const { fds, sockets } = fdCounts(proc, pid);
  const listeningEntries = listeningSocketsOfPid(proc, pid) ?? [];
  const cg = cgroupOf(proc, pid);
  const cpuPercent = await cpuPercentOver(roots, st, opts.sampleMs ?? 500, clock);
  const local = describeProcess(st, opts.lang);
  return {
    pid,
    ppid: st.ppid,
    uid: st.uid,
    name: st.name,
    cmdline: st.cmdline,
    user: opts.userOf(st.uid),
    state: st.state,
    startTicks: st.startTicks,
    startTime: new Date(Math.round(startMs)).toISOString(),
    ageSeconds: Math.max(0, Math.round((now - startMs) / 1000)),
    rssBytes: st.rssBytes,
    cpuPercent,
    threads: st.threads,
    fds,
    unit: cg.unit,
    container: cg.container,
    cgroup: cg.cgroup,
    lineage,
    children,
    listening: listeningEntries.map((s) => `${s.protocol} ${s.localAddress}:${s.localPort}`),
    connections: Math.max(0, sockets - listeningEntries.length),
    localKind: local.classification ? `${local.classification.kind} (${local.classification.tool})` : null,
    history: { samples: 0, rssMinBytes: null, rssMaxBytes: null, cpuMaxPercent: null },
    kernelThread: st.kernelThread,
    alerts: [],
    oom: oomFacts(roots, pid),
  };
}

/** The store reads explain uses (docs/history.md). */
export type ExplainStore = AiStore &
  Pick<SampleStore, 'processHistory'> &
  Partial<Pick<SampleStore, 'systemSeries'>> &
  Pick<AlertStore, 'activeDaemonAlerts'> &
  Partial<Pick<AnalyzerStateStore, 'loadAnalyzerState'>>;

export type AiPart =
  | {
      outcome: 'ok';
      answer: AiAnswer;
      /** Vigil's check of each proposed action (same order as answer.actions). */
      checks: ProposalCheck[];
      model: string;
      inputTokens: number;
      outputTokens: number;
      costUsd: number | null;
      latencyMs: number;
    }
  | {
      outcome: 'fallback';
      reason: AiFailureReason | 'no_ai';
      detail: string;
      params: Record<string, string | number>;
    };

export interface Explanation {
  facts: ProcessFacts;
  local: { classification: Classification | null; text: string; advice: string };
  ai: AiPart;
}

export interface ExplainOptions extends GatherOptions {
  config: VigilConfig;
  env: NodeJS.ProcessEnv;
  /** --no-ai */
  noAi?: boolean;
  store?: ExplainStore | null;
  client?: AiClient;
  log: Logger;
  /** A recent system snapshot for the prompt's context (optional). */
  snapshot?: Snapshot | null;
  timeoutMs?: number;
  /**
   * What an AI-proposed kill may target (default: the pid explained); the TUI adds the alert it
   * explains, with the firing alerts to check it against.
   */
  scope?: ProposalScope;
  activeAlerts?: () => Alert[];
}

/** Facts + local explanation + AI diagnosis (or why not). null: no such process. */
export async function explainPid(pid: number, opts: ExplainOptions): Promise<Explanation | null> {
  const facts = await gatherFacts(pid, opts);
  if (!facts) return null;
  const clock = opts.clock ?? realClock;
  const store = opts.store ?? null;
  if (store) {
    const samples = safe(() => store.processHistory(pid, facts.startTime), []);
    if (samples.length) {
      const rss = samples.map((s) => s.rssBytes);
      const cpu = samples.map((s) => s.cpuPercent).filter((c): c is number => c !== null);
      facts.history = {
        samples: samples.length,
        rssMinBytes: Math.min(...rss),
        rssMaxBytes: Math.max(...rss),
        cpuMaxPercent: cpu.length ? Math.max(...cpu) : null,
      };
    }
    facts.alerts = safe(() => store.activeDaemonAlerts(), [])
      .filter((a) => a.subject.pids.includes(pid))
      .map((a) => ({ id: a.id, rule: a.rule, severity: a.severity, message: a.message }));
    // The memory trend needs the recorded history.
    facts.oom.timeToOomSecs = safe(() => timeToOom(store, clock.now()), null);
    // Who started it, as the daemon remembers (the live chain ends at init once a parent died).
    const remembered = safe(() => rememberedLineage(store, facts, opts.roots), null);
    if (remembered?.length) facts.lineage = remembered;
  }
  const session = readPidStat(opts.roots, pid);
  const local = describeProcess(
    { name: facts.name, cmdline: facts.cmdline, kernelThread: facts.kernelThread },
    opts.lang,
    {
      lineage: facts.lineage,
      adopted: facts.ppid === 1 && session !== null && session.sid !== pid && session.sid > 1,
      rssBytes: facts.rssBytes,
    },
  );
  const ai = await aiPart(facts, opts, clock, store);
  return { facts, local, ai };
}

/** The daemon's remembered ancestry of this process, each ancestor checked alive now. */
function rememberedLineage(store: ExplainStore, facts: ProcessFacts, roots: Roots): AncestorFact[] | null {
  const saved = store.loadAnalyzerState?.(MEMORY_STATE);
  const ancestors = saved ? rememberedAncestors(saved.data, facts.pid, facts.startTicks) : null;
  if (!ancestors) return null;
  return ancestors
    .filter((a) => a.name !== '')
    .map((a) => ({
      pid: a.pid,
      name: a.name,
      cmdline: a.cmdline,
      alive: isRunning(roots, a.pid, a.startTicks),
    }));
}

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

async function aiPart(
  facts: ProcessFacts,
  opts: ExplainOptions,
  clock: Clock,
  store: ExplainStore | null,
): Promise<AiPart> {
  const ai = opts.config.ai;
  const no = (
    reason: AiFailureReason | 'no_ai',
    detail = '',
    params: Record<string, string | number> = {},
  ): AiPart => ({
    outcome: 'fallback',
    reason,
    detail,
    params,
  });
  if (opts.noAi) return no('no_ai');
  if (!ai.enabled) return no('disabled');
  if (!apiKeyFrom(ai, opts.env)) return no('no_key', '', { env: `$${ai.api_key_env}` });
  const budget = createBudget({
    clock,
    cooldownSecs: ai.cooldown_secs,
    maxCallsPerDay: ai.max_calls_per_day,
    previous: store ? callTimes(store, clock.now()) : [],
  });
  const d = budget.acquire();
  const calledAt = clock.now();
  if (!d.ok) {
    return no(d.reason, '', { seconds: Math.ceil(d.retryInMs / 1000), calls: d.callsToday });
  }
  const client = opts.client ?? createAiClient({ ai, env: opts.env, timeoutMs: opts.timeoutMs ?? 30_000 });
  const redaction = redactionFor(opts.config, opts.snapshot ?? undefined, opts.env);
  if (redaction.anonymize && facts.user && !/^\d+$/.test(facts.user)) {
    redaction.users = [...(redaction.users ?? []), facts.user];
  }
  const prompt = buildExplainPrompt(facts, opts.snapshot ?? null, opts.config.general.language, redaction);
  const res = await client.diagnose(prompt);
  store?.recordAiCall(
    aiCallRecord(res, { time: calledAt, purpose: 'explain', model: ai.model, pid: facts.pid }),
  );
  if (!res.ok) {
    opts.log.debug('ai explain failed', { reason: res.reason, detail: res.detail });
    return no(res.reason, res.detail);
  }
  const checks = await checkProposals(res.answer.actions, opts.scope ?? { explainedPid: facts.pid }, {
    config: opts.config,
    log: opts.log,
    roots: opts.roots,
    ...(opts.activeAlerts ? { activeAlerts: opts.activeAlerts } : {}),
  });
  return {
    outcome: 'ok',
    answer: res.answer,
    checks,
    model: ai.model,
    inputTokens: res.stats.usage.inputTokens,
    outputTokens: res.stats.usage.outputTokens,
    costUsd: res.stats.costUsd,
    latencyMs: res.stats.latencyMs,
  };
}
