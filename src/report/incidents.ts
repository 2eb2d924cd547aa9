// Each alert of a report linked to its incident: the command that replays it (`vigil status --at
// <alert id>` for an alert's latest firing, `--at <fired time>` for an earlier one) and the
// processes the incident recorder saw at the moment it fired — its subjects, the busiest and the
// largest — rebuilt from the frames through the same derive as the live view.
import type { ProcessSnapshot } from '../core/types.ts';
import { vigilVersion } from '../core/version.ts';
import { userResolver } from '../proc/users.ts';
import { createReplay } from '../store/replay.ts';
import type { Store } from '../store/store.ts';
import type { AlertRecord } from '../store/types.ts';

/** Firings whose processes are rebuilt, newest first (a few ms each). */
export const FIRINGS_REBUILT = 100;
/** The busiest and the largest kept at a firing, besides the alert's own subjects. */
const TOP = 5;
const SUBJECTS = 10;

export interface FiringProcess {
  pid: number;
  user: string;
  name: string;
  /** As stored: redacted. */
  cmdline: string;
  cpuPercent: number | null;
  rssBytes: number;
  /** One of the processes the alert names. */
  subject: boolean;
}

export interface ReportIncident {
  /** The command that shows the machine as it was when this alert fired. */
  replay: string;
  /** Its processes then; null when nothing was recorded at that time (or past FIRINGS_REBUILT). */
  processes: FiringProcess[] | null;
}

/** Its subjects first, then the busiest and the largest of the others. */
export function firingProcesses(
  all: readonly ProcessSnapshot[],
  subject: readonly number[],
): FiringProcess[] {
  const named = new Set(subject);
  const live = all.filter((p) => !p.kernelThread);
  const keep = new Map<number, ProcessSnapshot>();
  for (const p of live.filter((q) => named.has(q.pid)).slice(0, SUBJECTS)) keep.set(p.pid, p);
  const byCpu = [...live].sort(
    (a, b) => (b.cpuPercent ?? 0) - (a.cpuPercent ?? 0) || b.rssBytes - a.rssBytes,
  );
  const byRss = [...live].sort((a, b) => b.rssBytes - a.rssBytes);
  for (const p of [...byCpu.slice(0, TOP), ...byRss.slice(0, TOP)]) keep.set(p.pid, p);
  return [...keep.values()]
    .map((p) => ({
      pid: p.pid,
      user: p.user,
      name: p.name,
      cmdline: p.cmdline,
      cpuPercent: p.cpuPercent,
      rssBytes: p.rssBytes,
      subject: named.has(p.pid),
    }))
    .sort((a, b) => Number(b.subject) - Number(a.subject) || (b.cpuPercent ?? 0) - (a.cpuPercent ?? 0));
}

/** One incident per alert row, in the rows' order. */
export function incidentsOf(alerts: readonly AlertRecord[], store: Store | null): ReportIncident[] {
  const replay = store ? createReplay(store, { version: vigilVersion(), userOf: userResolver() }) : null;
  const latest = new Map<string, number | null>();
  return alerts.map((a, i) => {
    if (!latest.has(a.id)) latest.set(a.id, replay?.alertFiredAt(a.id) ?? null);
    const at = latest.get(a.id) === a.firedAt ? a.id : new Date(a.firedAt).toISOString();
    const moment = replay && i < FIRINGS_REBUILT ? replay.at(a.firedAt) : null;
    return {
      replay: `vigil status --at ${at}`,
      processes: moment?.ok ? firingProcesses(moment.moment.snapshot.processes, a.subject.pids) : null,
    };
  });
}
