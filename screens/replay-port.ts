// The TUI's door to recorded history (src/store/replay.ts): a recorded moment for the replay
// mode, found by time, by step or by incident, and the local explanation of what it shows — never
// /proc, never the AI, since the processes on screen may be long gone. The store is opened
// read-only on first use and kept for the session. Every call resolves, never rejects.
import { describeProcess, explainAlertLocally } from '../src/ai/local.ts';
import type { VigilConfig } from '../src/config/types.ts';
import { formatBytes, formatDuration, formatPercent } from '../src/core/format.ts';
import { localDateTime } from '../src/core/local-time.ts';
import type { Logger, ProcessSnapshot, Snapshot } from '../src/core/types.ts';
import { vigilVersion } from '../src/core/version.ts';
import { t } from '../src/i18n/index.ts';
import { userResolver } from '../src/proc/users.ts';
import type { Replay, ReplayResult } from '../src/store/replay.ts';
import type { HistoryData } from './history.ts';
import type { ExplainView, ReplayMove, Subject } from './model.ts';

/** How far back the panes' charts reach in a replay (their history before the moment). */
const CHART_HISTORY_MS = 6 * 3_600_000;
/** An incident is one firing or a burst of them: a jump skips firings closer than this. */
const INCIDENT_GAP_MS = 1000;

/** A recorded moment as the screen shows it. */
export interface ReplayView {
  time: number;
  source: 'incident' | 'minute';
  resolutionSecs: number | null;
  snapshot: Snapshot;
  /** The panes' chart history up to the moment (figures only), oldest first, the moment last. */
  history: Snapshot[];
  connections: Readonly<Record<string, number>> | null;
}

export interface ReplayPort {
  /** Go to a recorded moment; `from` is the one on show (null from live). */
  move(move: ReplayMove, from: number | null): Promise<ReplayView | { message: string }>;
  /** The local explanation of a process or alert of the moment on show. */
  explain(subject: Subject): Promise<ExplainView>;
  /** What the history view charts over a window. */
  history(fromMs: number, toMs: number): Promise<HistoryData | { message: string }>;
  close(): void;
}

export interface ReplayPortOptions {
  dataDir?: string;
  config: () => VigilConfig;
  log: Logger;
  now?: () => number;
}

export function replayPort(opts: ReplayPortOptions): ReplayPort {
  const now = opts.now ?? Date.now;
  const lang = () => opts.config().general.language;
  let open: { replay: Replay; close(): void } | null | undefined;
  let shown: ReplayView | null = null;
  // Moves run one after the other, each from where the previous one landed: `]` `]` pressed
  // faster than a frame loads still go two frames forward.
  let queue: Promise<unknown> = Promise.resolve();

  async function history(): Promise<Replay | null> {
    if (open !== undefined) return open?.replay ?? null;
    open = null;
    if (!opts.dataDir) return null;
    const { existsSync } = await import('node:fs');
    const { dbPath, openStore } = await import('../src/store/store.ts');
    if (!existsSync(dbPath(opts.dataDir))) return null;
    const store = openStore(opts.dataDir, { readonly: true, log: opts.log });
    if (!store.status().available) {
      store.close();
      return null;
    }
    const { createReplay } = await import('../src/store/replay.ts');
    open = {
      replay: createReplay(store, { version: vigilVersion(), userOf: userResolver() }),
      close: () => store.close(),
    };
    return open.replay;
  }

  function view(replay: Replay, r: ReplayResult): ReplayView | { message: string } {
    if (!r.ok) {
      const params = {
        time: localDateTime(r.near ?? now()),
        first: r.span ? localDateTime(r.span.first) : '-',
        last: r.span ? localDateTime(r.span.last) : '-',
        near: r.near !== undefined ? localDateTime(r.near) : '-',
        dataDir: opts.dataDir ?? '-',
      };
      return {
        message: t(lang(), r.reason === 'no_frames' ? 'replay.noFrames' : 'replay.tui.nothing', params),
      };
    }
    const m = r.moment;
    const history = [...replay.figures(m.time - CHART_HISTORY_MS, m.time - 1), m.snapshot];
    return {
      time: m.time,
      source: m.source,
      resolutionSecs: m.resolutionSecs,
      snapshot: m.snapshot,
      history,
      connections: m.connections,
    };
  }

  function incident(replay: Replay, from: number, dir: -1 | 1): ReplayResult | string {
    const list =
      dir < 0
        ? replay.firingsBetween(0, from - INCIDENT_GAP_MS)
        : replay.firingsBetween(from + INCIDENT_GAP_MS, Number.MAX_SAFE_INTEGER);
    const f = dir < 0 ? list.at(-1) : list[0];
    return f ? replay.at(f.firedAt) : dir < 0 ? 'replay.tui.noEarlierIncident' : 'replay.tui.noLaterIncident';
  }

  async function move(to: ReplayMove, from: number | null): Promise<ReplayView | { message: string }> {
    const replay = await history();
    if (!replay) return { message: t(lang(), 'replay.noHistory', { dataDir: opts.dataDir ?? '-' }) };
    const here = from ?? now();
    let r: ReplayResult | string | null;
    if (to.kind === 'live') return { message: '' };
    if (to.kind === 'latest') {
      const span = replay.span();
      r = span ? replay.at(span.last) : replay.at(here);
    } else if (to.kind === 'at') r = replay.at(to.time);
    else if (to.kind === 'step')
      r = replay.step(here, to.dir) ?? (to.dir < 0 ? 'replay.tui.oldest' : 'replay.tui.newest');
    else r = incident(replay, here, to.dir);
    if (typeof r === 'string') return { message: t(lang(), r) };
    const v = view(replay, r);
    if ('snapshot' in v) shown = v;
    return v;
  }

  async function safeMove(to: ReplayMove, from: number | null): Promise<ReplayView | { message: string }> {
    try {
      // From live (null) a move starts now; in replay, from the last frame shown.
      return await move(to, from === null ? null : (shown?.time ?? from));
    } catch (err) {
      opts.log.warn('replay failed', { error: (err as Error).message });
      return { message: t(lang(), 'replay.unreadable', { reason: (err as Error).message }) };
    }
  }

  return {
    move(to, from) {
      const next = queue.then(() => safeMove(to, from));
      queue = next;
      return next;
    },
    async explain(subject) {
      return explainRecorded(subject, shown, lang());
    },
    async history(fromMs, toMs) {
      try {
        const replay = await history();
        if (!replay) return { message: t(lang(), 'replay.noHistory', { dataDir: opts.dataDir ?? '-' }) };
        return {
          from: fromMs,
          to: toMs,
          samples: replay.samples(fromMs, toMs),
          programs: replay.programs(fromMs, toMs),
          firings: replay.firingsBetween(fromMs, toMs),
        };
      } catch (err) {
        return { message: t(lang(), 'replay.unreadable', { reason: (err as Error).message }) };
      }
    },
    close() {
      open?.close();
      open = undefined;
    },
  };
}

/** Who started `p`, as far as the recorded moment shows: `pid name ← pid name …`. */
function ancestry(p: ProcessSnapshot, byPid: ReadonlyMap<number, ProcessSnapshot>): string {
  const chain: string[] = [];
  let cur = byPid.get(p.ppid);
  while (cur && chain.length < 8) {
    chain.push(`${cur.pid} ${cur.name}`);
    cur = cur.pid === cur.ppid ? undefined : byPid.get(cur.ppid);
  }
  return chain.join(' ← ');
}

/** The local explanation of a recorded process or alert: its kind, what it cost then, its parents. */
export function explainRecorded(
  subject: Subject,
  shown: ReplayView | null,
  lang: VigilConfig['general']['language'],
): ExplainView {
  const s = shown?.snapshot;
  const when = shown ? t(lang, 'replay.tui.explainAt', { time: localDateTime(shown.time) }) : '';
  const base = { source: 'local' as const, severity: null, actions: [], prevention: '', note: when };
  if ('alert' in subject) {
    const a = subject.alert;
    return {
      ...base,
      title: `${a.rule}: ${a.message}`,
      diagnostic: explainAlertLocally(a, s, lang),
      severity: a.severity,
      facts: [],
    };
  }
  const p = s?.processes.find((x) => x.pid === subject.pid && x.startTicks === subject.startTicks);
  if (!s || !p)
    return { ...base, title: String(subject.pid), diagnostic: t(lang, 'tui.explain.gone'), facts: [] };
  const byPid = new Map(s.processes.map((x) => [x.pid, x]));
  const d = describeProcess(p, lang);
  const children = s.processes.filter((x) => x.ppid === p.pid).slice(0, 8);
  const facts = [
    p.cmdline || `[${p.name}]`,
    `${p.user} · CPU ${formatPercent(p.cpuPercent)} · RSS ${formatBytes(p.rssBytes)} · ${p.threads} threads · ${formatDuration(p.ageSeconds)}`,
    ancestry(p, byPid),
    children.length ? `children: ${children.map((c) => `${c.pid} ${c.name}`).join(', ')}` : '',
  ].filter(Boolean);
  return {
    ...base,
    title: `${p.pid} ${p.name}`,
    diagnostic: [d.text, d.advice].filter(Boolean).join(' '),
    facts,
  };
}
