// Whose a process is, for the duplicate, storm and orphan rules: a service systemd manages, a
// user's process (session, app or terminal scope), or — without unit information — what its
// lineage says (src/engine/lineage.ts isOrphan). One place, so the three rules agree.
import type { ProcessSnapshot } from '../core/types.ts';
import { isOrphan } from '../engine/lineage.ts';
import type { RuleContext } from './types.ts';

type Ctx = Pick<RuleContext, 'lineage' | 'caches' | 'byPid'>;

/** An orphan (isOrphan), a systemd service never being one. */
export function orphaned(p: ProcessSnapshot, ctx: Ctx): boolean {
  return isOrphan(p, ctx.lineage.of(p), ctx.caches.cgroup(p).kind);
}

/**
 * A user's process (by its cgroup) left under init or the user's service manager (a subreaper):
 * what a tool leaves behind when it dies, even when each copy led its own session (spawned
 * detached). A terminal's own session (a login shell, a tab) is not.
 */
export function leftBehind(p: ProcessSnapshot, ctx: Ctx): boolean {
  if (ctx.caches.cgroup(p).kind !== 'user') return false;
  if (p.sid === p.pid && p.ttyNr !== 0) return false;
  if (p.ppid === 1) return true;
  const parent = ctx.byPid.get(p.ppid);
  return parent !== undefined && parent.name === 'systemd';
}

/**
 * Whether a process counts as a duplicate copy. A systemd service's processes are managed by
 * their unit; a user's count unless they are a terminal's session; without unit information,
 * session leaders (login shells, terminal tabs, setsid daemons) and services started by init do
 * not count unless they are orphans.
 */
export function countsAsDuplicate(p: ProcessSnapshot, ctx: Ctx): boolean {
  const kind = ctx.caches.cgroup(p).kind;
  if (kind === 'service') return false;
  if (kind === 'user') return !(p.sid === p.pid && p.ttyNr !== 0);
  if (p.sid !== p.pid && p.ppid !== 1) return true;
  return orphaned(p, ctx);
}
