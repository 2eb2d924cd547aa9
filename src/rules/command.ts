// Suggested commands that are safe to paste: explicit pids (or one process group when the whole
// group is exactly the subject), every argument shell-quoted, never a name pattern
// (pkill/killall/pgrep -f) that could match an innocent process.
import { shellQuote } from '../core/sanitize.ts';
import type { ProcessSnapshot } from '../core/types.ts';

const SIGNALS = new Set(['TERM', 'KILL', 'CHLD', 'HUP', 'INT', 'STOP', 'CONT']);

/** Sorted, without duplicates, PID 1 or nonsense (one copy, deduplicated in place). */
function validPids(pids: readonly number[]): number[] {
  const list = pids.filter((p) => Number.isInteger(p) && p > 1).sort((a, b) => a - b);
  let n = 0;
  for (let i = 0; i < list.length; i++) if (n === 0 || list[n - 1] !== list[i]) list[n++] = list[i]!;
  list.length = n;
  return list;
}

/** `kill -TERM 123 456`; null when no pid is left (PID 1 and nonsense are never named). */
export function killPids(pids: readonly number[], signal = 'TERM'): string | null {
  if (!SIGNALS.has(signal)) throw new Error(`unsupported signal '${signal}'`);
  const list = validPids(pids);
  if (list.length === 0) return null;
  return `kill -${signal} ${list.join(' ')}`;
}

/**
 * Kill exactly `subject`: by process group (`kill -TERM -- -PGID`) only when every live member
 * of that group is in the subject and the subject is that whole group; by explicit pids otherwise.
 */
export function killSubject(
  subject: readonly ProcessSnapshot[],
  all: readonly ProcessSnapshot[],
  signal = 'TERM',
): string | null {
  if (subject.length === 0) return null;
  const pgid = subject[0]!.pgid;
  if (pgid > 1 && subject.length > 1 && subject.every((p) => p.pgid === pgid)) {
    // Count the group first: most groups hold more than the subject, and then no set is needed.
    let size = 0;
    for (const p of all) if (p.pgid === pgid) size++;
    const members = size === subject.length ? all.filter((p) => p.pgid === pgid) : [];
    const ids = size === subject.length ? new Set(subject.map((p) => p.pid)) : null;
    if (ids && members.length === subject.length && members.every((p) => ids.has(p.pid))) {
      if (!SIGNALS.has(signal)) throw new Error(`unsupported signal '${signal}'`);
      return `kill -${signal} -- -${pgid}`;
    }
  }
  return killPids(
    subject.map((p) => p.pid),
    signal,
  );
}

/** `vigil explain PID`: a read-only look at the process behind a system-wide alert. */
export function explainPid(pid: number | undefined): string | null {
  if (pid === undefined || !Number.isInteger(pid) || pid < 1) return null;
  return `vigil explain ${pid}`;
}

/** What fills a mount: the biggest directories, staying on that filesystem. */
export function duMount(mount: string): string {
  return `du -xh --max-depth=1 ${shellQuote(mount)} 2>/dev/null | sort -h | tail -n 15`;
}

/** The kernel's OOM lines. */
export function oomLog(): string {
  return "dmesg -T | grep -i -e 'out of memory' -e 'oom-kill' | tail -n 20";
}

export function reportSince(since: string): string {
  return `vigil report --since ${shellQuote(since)}`;
}
