// OOM-killer reports in the kernel log, turned into structured victims. The kernel writes, for
// one kill, first `oom-kill:constraint=…,task_memcg=/CG,task=NAME,pid=PID,uid=UID` (info level)
// and then `[Memory cgroup ]Out of memory: Killed process PID (NAME) total-vm:…kB, anon-rss:…kB,
// file-rss:…kB, shmem-rss:…kB, …` (error level). The second line carries the event; the first
// lends it the cgroup.
import { sanitize } from '../core/sanitize.ts';
import type { KernelEvent, OomEvent } from '../core/types.ts';

export interface OomKilled {
  pid: number;
  name: string;
  rssBytes: number;
}

// NAME is the comm, which may hold spaces and parentheses: match up to the last `) total-vm:`.
const KILLED =
  /Killed process (\d+) \((.*)\) total-vm:(\d+)kB, anon-rss:(\d+)kB, file-rss:(\d+)kB(?:, shmem-rss:(\d+)kB)?/;

/** The `Killed process PID (NAME) …` line: victim and its resident memory (anon + file + shmem). */
export function parseOomKilled(message: string): OomKilled | null {
  const m = KILLED.exec(message);
  if (!m) return null;
  const kb = (i: number) => Number(m[i] ?? 0) || 0;
  return { pid: Number(m[1]), name: sanitize(m[2]!, 64), rssBytes: (kb(4) + kb(5) + kb(6)) * 1024 };
}

export interface OomKillSummary {
  pid: number;
  name: string;
  cgroup: string | null;
  constraint: string | null;
}

/** The `oom-kill:constraint=…,task=NAME,pid=PID,uid=UID` summary line. */
export function parseOomKillSummary(message: string): OomKillSummary | null {
  const at = message.indexOf('oom-kill:');
  if (at < 0) return null;
  const body = message.slice(at + 'oom-kill:'.length);
  const task = /(?:^|,)task=(.*),pid=(\d+)(?:,uid=\d+)?\s*$/.exec(body);
  if (!task) return null;
  const memcg = /(?:^|,)task_memcg=(.*?),task=/.exec(body);
  const constraint = /(?:^|,)constraint=([A-Z_]+)/.exec(body);
  return {
    pid: Number(task[2]),
    name: sanitize(task[1]!, 64),
    cgroup: memcg ? sanitize(memcg[1]!, 512) : null,
    constraint: constraint ? constraint[1]! : null,
  };
}

/**
 * Links the two lines of one kill across reads: remembers the last summaries (bounded) and
 * attaches `oom` to each `Killed process` event it sees.
 */
export function oomTracker(capacity = 64): { annotate(event: KernelEvent): KernelEvent } {
  const summaries = new Map<number, OomKillSummary>();
  return {
    annotate(event) {
      const summary = parseOomKillSummary(event.message);
      if (summary) {
        summaries.delete(summary.pid);
        summaries.set(summary.pid, summary);
        if (summaries.size > capacity) summaries.delete(summaries.keys().next().value as number);
        return event;
      }
      const killed = parseOomKilled(event.message);
      if (!killed) return event;
      const s = summaries.get(killed.pid);
      summaries.delete(killed.pid);
      const oom: OomEvent = {
        pid: killed.pid,
        name: killed.name,
        rssBytes: killed.rssBytes,
        cgroup: s?.cgroup ?? null,
      };
      return { ...event, oom };
    },
  };
}
