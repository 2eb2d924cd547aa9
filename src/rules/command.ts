// Suggested commands that are safe to paste: explicit pids (never a process group, which may gain
// a member between the look and the paste), every argument shell-quoted, never a name pattern
// (pkill/killall/pgrep -f) that could match an innocent process.
import { shellQuote } from '../core/sanitize.ts';

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
