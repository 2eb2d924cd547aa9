// Groups of processes running the same normalised command line (duplicate_processes and
// ghost_process_storm share them).
import type { ProcessSnapshot } from '../core/types.ts';
import type { CgroupInfo } from '../proc/cgroup.ts';
import { normalizeCmdline } from './normalize.ts';

/**
 * Duplicates and storms must hold this many sampling intervals before they fire: copies that a
 * build or a test runner starts and stops within seconds are not leaks.
 */
export const DUPLICATE_FOR_TICKS = 3;

export interface DuplicateGroup {
  /** The normalised command line, prefixed with the container (`[docker 0123456789ab] …`) inside one. */
  key: string;
  /** The container the copies run in (copies in different containers are different groups), or null. */
  container: string | null;
  /** Oldest first. */
  members: ProcessSnapshot[];
  rssBytes: number;
}

/**
 * Group user processes by normalised command line. Left out: kernel threads, zombies, processes
 * without a command line, ignored ones, and worker pools — a process whose live parent runs the
 * same program (nginx, postgres, chrome, gunicorn workers under their master) is managed, not leaked.
 * Processes of a container are grouped per container: one `postgres` in each of six containers
 * is six services, not six copies.
 */
export function duplicateGroups(
  processes: readonly ProcessSnapshot[],
  byPid: ReadonlyMap<number, ProcessSnapshot>,
  ignored: (p: ProcessSnapshot) => boolean,
  normalize: (cmdline: string) => string = normalizeCmdline,
  cgroupOf?: (p: ProcessSnapshot) => CgroupInfo,
): DuplicateGroup[] {
  const groups = new Map<string, ProcessSnapshot[]>();
  const containers = new Map<string, string>();
  for (const p of processes) {
    if (p.kernelThread || p.state === 'Z' || p.state === 'X' || !p.cmdline) continue;
    const parent = byPid.get(p.ppid);
    if (parent && parent.pid !== 1 && parent.name === p.name) continue;
    if (ignored(p)) continue;
    const cmd = normalize(p.cmdline);
    if (!cmd) continue;
    const container = p.cgroup && cgroupOf ? cgroupOf(p).container : null;
    const key = container ? `[${container}] ${cmd}` : cmd;
    if (container) containers.set(key, container);
    const list = groups.get(key);
    if (list) list.push(p);
    else groups.set(key, [p]);
  }
  const out: DuplicateGroup[] = [];
  for (const [key, members] of groups) {
    if (members.length < 2) continue;
    members.sort((a, b) => a.startTicks - b.startTicks || a.pid - b.pid);
    out.push({
      key,
      container: containers.get(key) ?? null,
      members,
      rssBytes: members.reduce((s, p) => s + p.rssBytes, 0),
    });
  }
  return out;
}
