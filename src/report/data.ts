// The report's data, one plain object (it is also the `--json` output): alert timeline, top
// offenders, trends, actions and AI usage over a window, read from the history store. A report
// is a file that gets shared: every text in it is redacted (SPEC §8), rows written before
// history was redacted included.
import { redactDeep } from '../core/redact.ts';
import { vigilVersion } from '../core/version.ts';
import { aiUsageBetween, type Store } from '../store/store.ts';
import type { ActionRecord, AiUsage, AlertRecord, Offender } from '../store/types.ts';
import { bucketize } from './sparkline.ts';

export interface ReportAlert extends Omit<AlertRecord, 'firedAt' | 'resolvedAt'> {
  firedAt: string;
  resolvedAt: string | null;
}

export interface ReportOffender extends Omit<Offender, 'firstSeen' | 'lastSeen'> {
  firstSeen: string;
  lastSeen: string;
}

export interface ReportTrends {
  /** Width of one point in seconds. */
  bucketSecs: number;
  /** ISO start of each point. */
  times: string[];
  cpuPercent: (number | null)[];
  cpuPercentMax: (number | null)[];
  memUsedPercent: (number | null)[];
  swapUsedPercent: (number | null)[];
  load1: (number | null)[];
}

export interface ReportData {
  version: string;
  generatedAt: string;
  since: string;
  until: string;
  dataDir: string;
  /** False when there is no readable history (no database yet, or it cannot be opened). */
  historyAvailable: boolean;
  problem: string | null;
  samples: number;
  alerts: ReportAlert[];
  topOffenders: { byRss: ReportOffender[]; byCpu: ReportOffender[] };
  trends: ReportTrends;
  actions: (Omit<ActionRecord, 'time'> & { time: string })[];
  ai: AiUsage;
}

export interface BuildOptions {
  from: number;
  to: number;
  dataDir: string;
  /** Points in the trend series (default 60). */
  points?: number;
  top?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const pct = (a: number | null, b: number | null) => (a !== null && b ? (a / b) * 100 : null);

export function buildReport(store: Store | null, o: BuildOptions): ReportData {
  const n = o.points ?? 60;
  const status = store?.status();
  const samples = store ? store.systemSeries(o.from, o.to) : [];
  const series = (pick: (s: (typeof samples)[number]) => number | null, peak = false) =>
    bucketize(
      samples.map((s) => ({ time: s.time, value: pick(s) })),
      o.from,
      o.to,
      n,
      peak,
    );
  const width = (o.to - o.from) / n;
  const offender = (x: Offender): ReportOffender => ({
    ...x,
    firstSeen: iso(x.firstSeen),
    lastSeen: iso(x.lastSeen),
  });
  return redactDeep({
    version: vigilVersion(),
    generatedAt: iso(Date.now()),
    since: iso(o.from),
    until: iso(o.to),
    dataDir: o.dataDir,
    historyAvailable: Boolean(status?.available),
    problem: store ? (status?.reason ?? null) : null,
    samples: samples.length,
    alerts: (store?.alertsSince(o.from, o.to) ?? []).map((a) => ({
      ...a,
      firedAt: iso(a.firedAt),
      resolvedAt: a.resolvedAt === null ? null : iso(a.resolvedAt),
    })),
    topOffenders: {
      byRss: (store?.topOffenders('rss', o.from, o.to, o.top ?? 10) ?? []).map(offender),
      byCpu: (store?.topOffenders('cpu', o.from, o.to, o.top ?? 10) ?? []).map(offender),
    },
    trends: {
      bucketSecs: Math.round(width / 1000),
      times: Array.from({ length: n }, (_, i) => iso(o.from + i * width)),
      cpuPercent: series((s) => s.cpuPercent),
      cpuPercentMax: series((s) => s.cpuPercentMax, true),
      memUsedPercent: series((s) => pct(s.memUsedBytes, s.memTotalBytes)),
      swapUsedPercent: series((s) => pct(s.swapUsedBytes, s.swapTotalBytes)),
      load1: series((s) => s.load1),
    },
    actions: (store?.actionsSince(o.from) ?? [])
      .filter((a) => (a.time ?? 0) <= o.to)
      .map((a) => ({ ...a, time: iso(a.time ?? 0) })),
    ai: store
      ? aiUsageBetween(store, o.from, o.to)
      : { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
  });
}
