// The explain use case (`vigil explain <pid>`, the TUI's explain modal): gather the facts about a
// process straight from /proc — lineage, cgroup / systemd unit / container, cmdline, user, age,
// CPU and RSS now and in history, open files and sockets, children — then the local explanation,
// then (when enabled, keyed and within budget) the AI's diagnosis. Never throws for AI problems:
// the answer says why the AI part is missing.
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { parseProcStat } from '../collectors/cpu.ts';
import { parsePidStat } from '../collectors/processes.ts';
import { listeningSocketsOfPid } from '../collectors/sockets.ts';
import type { VigilConfig } from '../config/types.ts';
import { realClock } from '../core/clock.ts';
import { sanitize } from '../core/sanitize.ts';
import type { Clock, Logger, Roots, Snapshot } from '../core/types.ts';
import { USER_HZ } from '../engine/derive.ts';
import type { AlertStore, SampleStore } from '../store/index.ts';
import { createBudget } from './budget.ts';
import { type AiClient, type AiFailureReason, apiKeyFrom, createAiClient } from './client.ts';
import { type AncestorFact, buildExplainPrompt, type ProcessFactsForPrompt } from './context.ts';
import { type Classification, describeProcess } from './local.ts';
import { redactionFor } from './prompt-inputs.ts';
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
}

interface Stat {
  pid: number;
  ppid: number;
  name: string;
  state: string;
  cpuTicks: number;
  startTicks: number;
  rssBytes: number;
  threads: number;
  kernelThread: boolean;
}

const PF_KTHREAD = 0x00200000;

function readStat(proc: string, pid: number): Stat | null {
  let text: string;
  try {
    text = readFileSync(`${proc}/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  const st = parsePidStat(text);
  if (!st) return null;
  return {
    pid: st.pid,
    ppid: st.ppid,
    name: sanitize(st.name, 64),
    state: st.state,
    cpuTicks: st.cpuTicks,
    startTicks: st.startTicks,
    rssBytes: st.rssPages * 4096,
    threads: st.threads,
    kernelThread: (st.flags & PF_KTHREAD) !== 0,
  };
}

function readCmdline(proc: string, pid: number): string {
  try {
    const raw = readFileSync(`${proc}/${pid}/cmdline`).toString('utf8');
    return sanitize(raw.replace(/\0+$/, '').replace(/\0/g, ' '));
  } catch {
    return '';
  }
}

/** systemd unit and container from a /proc/PID/cgroup text (v1 or v2). */
export function parseCgroup(text: string): {
  cgroup: string | null;
  unit: string | null;
  container: string | null;
} {
  const paths = text
    .split('\n')
    .map((l) => l.split(':'))
    .filter((f) => f.length >= 3)
    .map((f) => ({ controllers: f[1]!, path: f.slice(2).join(':') }));
  // v2 (0::/path) first, then the systemd hierarchy, then any non-root path.
  const main =
    paths.find((p) => p.controllers === '' && p.path !== '/') ??
    paths.find((p) => p.controllers === 'name=systemd' && p.path !== '/') ??
    paths.find((p) => p.path !== '/') ??
    paths[0];
  const cgroup = main ? sanitize(main.path, 512) : null;
  const all = paths.map((p) => p.path).join('\n');
  let container: string | null = null;
  const patterns: [RegExp, string][] = [
    [/docker[-/]([0-9a-f]{12,64})/, 'docker'],
    [/libpod-(?:conmon-)?([0-9a-f]{12,64})/, 'podman'],
    [/cri-containerd-([0-9a-f]{12,64})/, 'containerd'],
    [/crio-([0-9a-f]{12,64})/, 'cri-o'],
    [/kubepods[^\n]*?([0-9a-f]{64})/, 'kubernetes'],
    [/\/lxc(?:\.payload)?[./]([\w.-]+)/, 'lxc'],
    [/machine-([\w\\-]+)\.scope/, 'systemd-nspawn'],
  ];
  for (const [re, kind] of patterns) {
    const m = re.exec(all);
    if (m) {
      container = `${kind} ${sanitize(m[1]!.slice(0, 12), 64)}`;
      break;
    }
  }
  let unit: string | null = null;
  if (cgroup) {
    const parts = cgroup.split('/').filter(Boolean);
    const service = [...parts].reverse().find((p) => p.endsWith('.service'));
    const scope = [...parts].reverse().find((p) => p.endsWith('.scope'));
    unit = service ?? scope ?? null;
  }
  return { cgroup, unit, container };
}

function bootTimeSec(proc: string): number {
  try {
    return parseProcStat(readFileSync(`${proc}/stat`, 'latin1')).bootTimeSec;
  } catch {
    return 0;
  }
}

export interface GatherOptions {
  roots: Roots;
  clock?: Clock;
  userOf: (uid: number) => string;
  /** CPU% is measured over this window (default 500 ms); 0 skips it. */
  sampleMs?: number;
  lang: VigilConfig['general']['language'];
}

/** Everything /proc says about `pid`; null when there is no such process. */
export async function gatherFacts(pid: number, opts: GatherOptions): Promise<ProcessFacts | null> {
  const proc = opts.roots.proc;
  const clock = opts.clock ?? realClock;
  const st = readStat(proc, pid);
  if (!st) return null;
  let uid = -1;
  try {
    uid = statSync(`${proc}/${pid}`).uid;
  } catch {
    return null;
  }
  const cmdline = readCmdline(proc, pid);
  const boot = bootTimeSec(proc);
  const startMs = boot * 1000 + (st.startTicks / USER_HZ) * 1000;
  const now = clock.now();

  // Lineage: the live parent chain (nearest first).
  const lineage: AncestorFact[] = [];
  let cur = st;
  const seen = new Set<number>([pid]);
  while (cur.ppid > 0 && lineage.length < 16 && !seen.has(cur.ppid)) {
    seen.add(cur.ppid);
    const parent = readStat(proc, cur.ppid);
    if (!parent) break;
    lineage.push({ pid: parent.pid, name: parent.name, cmdline: readCmdline(proc, parent.pid), alive: true });
    cur = parent;
  }

  // Children: one pass over /proc.
  const children: { pid: number; name: string; cmdline: string }[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(proc);
  } catch {
    entries = [];
  }
  for (const e of entries) {
    const c0 = e.charCodeAt(0);
    if (c0 < 48 || c0 > 57) continue;
    const child = readStat(proc, Number(e));
    if (child && child.ppid === pid)
      children.push({ pid: child.pid, name: child.name, cmdline: readCmdline(proc, child.pid) });
  }

  // Open files and sockets (unreadable for another user's process without root: null).
  let fds: number | null = null;
  let socketCount = 0;
  try {
    const list = readdirSync(`${proc}/${pid}/fd`);
    fds = list.length;
    for (const fd of list) {
      try {
        if (readlinkSync(`${proc}/${pid}/fd/${fd}`).startsWith('socket:')) socketCount++;
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    fds = null;
  }
  const listeningEntries = listeningSocketsOfPid(proc, pid) ?? [];
  const listening = listeningEntries.map((s) => `${s.protocol} ${s.localAddress}:${s.localPort}`);

  let cg: ReturnType<typeof parseCgroup> = { cgroup: null, unit: null, container: null };
  try {
    cg = parseCgroup(readFileSync(`${proc}/${pid}/cgroup`, 'latin1'));
  } catch {
    // gone or unreadable
  }

  // CPU% over a short window, as `top` would show it.
  let cpuPercent: number | null = null;
  const sampleMs = opts.sampleMs ?? 500;
  if (sampleMs > 0) {
    const t0 = clock.monotonic();
    await new Promise((r) => setTimeout(r, sampleMs));
    const again = readStat(proc, pid);
    const dt = (clock.monotonic() - t0) / 1000;
    if (again && again.startTicks === st.startTicks && dt > 0) {
      cpuPercent = Math.round(((again.cpuTicks - st.cpuTicks) / USER_HZ / dt) * 1000) / 10;
    }
  }

  const local = describeProcess({ name: st.name, cmdline, kernelThread: st.kernelThread }, opts.lang);
  return {
    pid,
    ppid: st.ppid,
    uid,
    name: st.name,
    cmdline,
    user: opts.userOf(uid),
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
    listening,
    connections: Math.max(0, socketCount - listeningEntries.length),
    localKind: local.classification ? `${local.classification.kind} (${local.classification.tool})` : null,
    history: { samples: 0, rssMinBytes: null, rssMaxBytes: null, cpuMaxPercent: null },
    kernelThread: st.kernelThread,
    alerts: [],
  };
}

/** The store reads explain uses (docs/history.md). */
export type ExplainStore = AiStore &
  Pick<SampleStore, 'processHistory'> &
  Pick<AlertStore, 'activeDaemonAlerts'>;

export type AiPart =
  | {
      outcome: 'ok';
      answer: AiAnswer;
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
  }
  const local = describeProcess(
    { name: facts.name, cmdline: facts.cmdline, kernelThread: facts.kernelThread },
    opts.lang,
  );
  const ai = await aiPart(facts, opts, clock, store);
  return { facts, local, ai };
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
  return {
    outcome: 'ok',
    answer: res.answer,
    model: ai.model,
    inputTokens: res.stats.usage.inputTokens,
    outputTokens: res.stats.usage.outputTokens,
    costUsd: res.stats.costUsd,
    latencyMs: res.stats.latencyMs,
  };
}
