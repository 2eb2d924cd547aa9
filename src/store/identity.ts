// Process identity for the recorder lock: a pid plus its start time (field 22 of /proc/PID/stat),
// so a pid the kernel reused for another program is not taken for the recorder.
import { readFileSync } from 'node:fs';

/** Start time of `pid` in clock ticks after boot, or null when the process is gone. */
export function pidStartTicks(pid: number, procRoot = '/proc'): number | null {
  let text: string;
  try {
    text = readFileSync(`${procRoot}/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // comm may hold spaces and parentheses: the fields after it start past the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); field 22 (starttime) is rest[19].
  const start = Number(rest[19]);
  return Number.isFinite(start) ? start : null;
}

/** True when `pid` runs and (if known) started at `startTicks`; zombies count as gone. */
export function processAlive(pid: number, startTicks: number | null, procRoot = '/proc'): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  let text: string;
  try {
    text = readFileSync(`${procRoot}/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  if (rest[0] === 'Z' || rest[0] === 'X') return false;
  if (startTicks === null) return true;
  return Number(rest[19]) === startTicks;
}
