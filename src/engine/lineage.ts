// Lineage memory: who started each process, remembered from the moment Vigil first saw it, so
// that after a parent dies (and the kernel reparents its children to PID 1 or a subreaper) the
// rules still know that a `python3 mcp_server.py` was started by `node` or an AI tool.
// Keyed by pid + start time, so a reused pid is a different process.
import type { ProcessSnapshot } from '../core/types.ts';
import type { CgroupKind } from '../proc/cgroup.ts';

/** One ancestor as it was when the child was first seen. */
export interface AncestorInfo {
  pid: number;
  startTicks: number;
  name: string;
  /** Capped to ANCESTOR_CMDLINE_MAX characters. */
  cmdline: string;
}

export interface LineageEntry {
  self: AncestorInfo;
  /** The parent pid when first seen. */
  originalPpid: number;
  /** Nearest first: parent, grandparent… (bounded by MAX_DEPTH). */
  ancestors: AncestorInfo[];
  firstSeen: number;
  lastSeen: number;
  /** When the process was last seen alive, once it is gone (null while alive). */
  goneAt: number | null;
  /** Set when the parent pid changed after first sight: the kernel reparented it (orphaned). */
  reparentedAt: number | null;
  /** Whether an earlier tick saw it under its original parent (not a daemon's double fork). */
  seenUnderParent: boolean;
}

export const MAX_DEPTH = 12;
/** A process this old at first sight was not a daemon's transient double fork. */
export const MIN_AGE_UNDER_PARENT_SECS = 2;
export const ANCESTOR_CMDLINE_MAX = 256;
/** Entries of processes that are gone are kept this long (descendants still refer to them). */
export const LINEAGE_RETAIN_MS = 15 * 60_000;
/** Hard cap on remembered processes (alive + gone); the oldest gone ones go first. */
export const LINEAGE_MAX_ENTRIES = 20_000;

export function lineageKey(pid: number, startTicks: number): string {
  return `${pid}:${startTicks}`;
}

function infoOf(p: ProcessSnapshot): AncestorInfo {
  return {
    pid: p.pid,
    startTicks: p.startTicks,
    name: p.name,
    cmdline: p.cmdline.length > ANCESTOR_CMDLINE_MAX ? p.cmdline.slice(0, ANCESTOR_CMDLINE_MAX) : p.cmdline,
  };
}

/** The live process behind a pid, and the last update that saw it. */
interface LiveSlot {
  entry: LineageEntry;
  stamp: number;
}

export class Lineage {
  private entries = new Map<string, LineageEntry>();
  /**
   * pid → the live process with that pid (current snapshot), kept in place across updates: a
   * tick finds a known process by pid and start time without building its key or a new map.
   */
  private live = new Map<number, LiveSlot>();
  private updates = 0;

  get size(): number {
    return this.entries.size;
  }

  /** Feed the current process list (all processes of one snapshot). */
  update(processes: readonly ProcessSnapshot[], now: number): void {
    const stamp = ++this.updates;
    // Built only when a process is new (its parent is looked up by pid).
    let byPid: Map<number, ProcessSnapshot> | null = null;
    // Parents before children: a child's ancestry is its parent's entry plus the parent.
    const visiting = new Set<number>();
    const known = (p: ProcessSnapshot): LineageEntry | undefined => {
      const e = this.live.get(p.pid)?.entry;
      return e && e.self.startTicks === p.startTicks ? e : this.entries.get(lineageKey(p.pid, p.startTicks));
    };
    const ensure = (p: ProcessSnapshot): LineageEntry => {
      let e = known(p);
      if (!e) {
        if (!byPid) {
          byPid = new Map<number, ProcessSnapshot>();
          for (const q of processes) byPid.set(q.pid, q);
        }
        let ancestors: AncestorInfo[] = [];
        const parent = byPid.get(p.ppid);
        if (parent && parent.pid !== p.pid && !visiting.has(parent.pid)) {
          visiting.add(p.pid);
          const pe = ensure(parent);
          visiting.delete(p.pid);
          ancestors = [pe.self, ...pe.ancestors].slice(0, MAX_DEPTH);
        } else if (p.ppid > 0) {
          ancestors = [{ pid: p.ppid, startTicks: -1, name: '', cmdline: '' }];
        }
        e = {
          self: infoOf(p),
          originalPpid: p.ppid,
          ancestors,
          firstSeen: now,
          lastSeen: now,
          goneAt: null,
          reparentedAt: null,
          seenUnderParent: false,
        };
        this.entries.set(lineageKey(p.pid, p.startTicks), e);
      }
      return e;
    };
    for (const p of processes) {
      const e = ensure(p);
      const slot = this.live.get(p.pid);
      if (!slot) this.live.set(p.pid, { entry: e, stamp });
      else {
        // A reused pid: the process that had it is gone.
        if (slot.entry !== e && slot.entry.goneAt === null) slot.entry.goneAt = now;
        slot.entry = e;
        slot.stamp = stamp;
      }
      if (e.firstSeen === now) {
        // Already old when first seen under its parent: not a daemon's instant double fork.
        if (p.ageSeconds >= MIN_AGE_UNDER_PARENT_SECS) e.seenUnderParent = true;
      } else if (e.reparentedAt === null) {
        if (p.ppid === e.originalPpid) e.seenUnderParent = true;
        else e.reparentedAt = now;
      }
      if (p.cmdline && e.self.cmdline === '') e.self = infoOf(p);
      e.lastSeen = now;
      e.goneAt = null;
    }
    // forEach, not for…of: no entry arrays per process per tick.
    this.live.forEach((slot, pid) => {
      if (slot.stamp === stamp) return;
      if (slot.entry.goneAt === null) slot.entry.goneAt = now;
      this.live.delete(pid);
    });
    this.prune(now);
  }

  private prune(now: number): void {
    this.entries.forEach((e, key) => {
      if (e.goneAt !== null && now - e.goneAt > LINEAGE_RETAIN_MS) this.entries.delete(key);
    });
    if (this.entries.size <= LINEAGE_MAX_ENTRIES) return;
    const gone = [...this.entries]
      .filter(([, e]) => e.goneAt !== null)
      .sort((a, b) => a[1].goneAt! - b[1].goneAt!);
    for (const [key] of gone) {
      if (this.entries.size <= LINEAGE_MAX_ENTRIES) break;
      this.entries.delete(key);
    }
  }

  /** Every process alive in the latest update (its entry), in no particular order. */
  forEachLive(fn: (entry: LineageEntry) => void): void {
    this.live.forEach((slot) => {
      fn(slot.entry);
    });
  }

  /**
   * Remember an entry learned elsewhere (a restarted daemon's store): kept unless that process is
   * already known. It counts as gone until an update sees it, so a process that ended meanwhile is
   * forgotten after LINEAGE_RETAIN_MS like any other.
   */
  remember(entry: LineageEntry, now: number): boolean {
    const key = lineageKey(entry.self.pid, entry.self.startTicks);
    if (this.entries.has(key)) return false;
    this.entries.set(key, { ...entry, goneAt: now, lastSeen: Math.min(entry.lastSeen, now) });
    return true;
  }

  get(pid: number, startTicks: number): LineageEntry | undefined {
    const e = this.live.get(pid)?.entry;
    return e && e.self.startTicks === startTicks ? e : this.entries.get(lineageKey(pid, startTicks));
  }

  of(p: ProcessSnapshot): LineageEntry | undefined {
    return this.get(p.pid, p.startTicks);
  }

  /** Whether some live process has this pid (in the latest update). */
  hasLive(pid: number): boolean {
    return this.live.has(pid);
  }

  /** Whether the remembered ancestor is still the live process (same pid and start). */
  isAlive(a: AncestorInfo): boolean {
    return this.live.get(a.pid)?.entry.self.startTicks === a.startTicks;
  }
}

/**
 * An orphan: seen reparented (its parent died while Vigil watched, and it had been seen under
 * that parent — a daemon's double fork is reparented before anyone can sample it), or now under
 * PID 1 inside a session that init did not start and that it does not lead (started from a
 * terminal or by a tool, whose process in between died; getty and login lead their sessions). Services started by init are neither, and neither is a
 * process in a systemd service unit (its cgroup, where known).
 */
export function isOrphan(
  p: ProcessSnapshot,
  entry: LineageEntry | undefined,
  cgroupKind?: CgroupKind,
): boolean {
  if (p.kernelThread || p.pid === 1 || p.state === 'Z') return false;
  // A systemd service is managed by its unit, whoever its parent is now.
  if (cgroupKind === 'service') return false;
  if (entry?.reparentedAt != null && entry.seenUnderParent) return true;
  if (p.ppid !== 1 || p.sid === p.pid) return false;
  // Under init, not a session of its own, in a session init did not start (a terminal's, a
  // shell's, a tool's): something inside that session started it and died — whether that
  // session's leader still lives or not (the tool that spawned it exited before Vigil was
  // watching). A service that init started leads its own session (setsid) or shares init's.
  return p.ttyNr !== 0 || p.sid > 1;
}
