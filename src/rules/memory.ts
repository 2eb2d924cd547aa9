// What the rules remember that /proc does not say, kept in the store so that it outlives the
// daemon: when each zombie was first seen (the `zombie` timer survives a restart), and who started
// the processes the storm and orphan rules care about (copies descending from an AI tool or node,
// and those seen reparented), so a restarted daemon and a one-shot `vigil status` still know that
// twelve `python3 mcp_server.py` under init were started by a `node` that has exited.
// Shape: docs/rules.md "Memory". Read back from a file: every field is checked, every string
// sanitised again, and what the reader already knows wins.
import { sanitize } from '../core/sanitize.ts';
import {
  ANCESTOR_CMDLINE_MAX,
  type AncestorInfo,
  type Lineage,
  type LineageEntry,
  MAX_DEPTH,
} from '../engine/lineage.ts';
import type { RuleCaches } from './caches.ts';

export const MEMORY_VERSION = 1;
/** Most lineage entries kept (the newest first sights win). */
export const MEMORY_MAX_LINEAGE = 5000;
/** Most zombies kept. */
export const MEMORY_MAX_ZOMBIES = 5000;

export interface MemoryLineageEntry {
  self: AncestorInfo;
  originalPpid: number;
  ancestors: AncestorInfo[];
  firstSeen: number;
  reparentedAt: number | null;
  seenUnderParent: boolean;
}

export interface MemoryExport {
  version: typeof MEMORY_VERSION;
  savedAt: number;
  /** `pid:startTicks` → epoch ms first seen in state Z. */
  zombies: [string, number][];
  lineage: MemoryLineageEntry[];
}

/**
 * The live processes whose ancestry the rules need after a restart: those seen reparented
 * (orphans), and copies (two or more of one command line) descending from an AI tool or node —
 * a storm's members. A lone process under a VS Code terminal (node) is not kept.
 */
function worthRemembering(lineage: Lineage, caches: RuleCaches): LineageEntry[] {
  const orphans: LineageEntry[] = [];
  const spawned = new Map<string, LineageEntry[]>();
  lineage.forEachLive((e) => {
    if (e.reparentedAt !== null && e.seenUnderParent) {
      orphans.push(e);
      return;
    }
    const o = caches.origin(e);
    if (o.ai === null && o.node === null) return;
    const key = caches.normalize(e.self.cmdline);
    if (!key) return;
    const list = spawned.get(key);
    if (list) list.push(e);
    else spawned.set(key, [e]);
  });
  spawned.forEach((list) => {
    if (list.length > 1) orphans.push(...list);
  });
  return orphans;
}

export interface ExportInput {
  lineage: Lineage;
  zombieSince: ReadonlyMap<string, number>;
  caches: RuleCaches;
  /** The keys of the last export (to tell whether anything changed). */
  state: { lastKeys: string };
  now: number;
  force: boolean;
}

/** The memory worth saving now, or null when it holds the same processes as the last export. */
export function exportMemory(i: ExportInput): MemoryExport | null {
  const picked = worthRemembering(i.lineage, i.caches);
  picked.sort((a, b) => b.firstSeen - a.firstSeen);
  picked.length = Math.min(picked.length, MEMORY_MAX_LINEAGE);
  const zombies = [...i.zombieSince].slice(0, MEMORY_MAX_ZOMBIES);
  const keys =
    zombies.map(([k]) => k).join(',') +
    '|' +
    picked.map((e) => `${e.self.pid}:${e.self.startTicks}`).join(',');
  if (!i.force && keys === i.state.lastKeys) return null;
  i.state.lastKeys = keys;
  return {
    version: MEMORY_VERSION,
    savedAt: i.now,
    zombies,
    lineage: picked.map((e) => ({
      self: e.self,
      originalPpid: e.originalPpid,
      ancestors: e.ancestors,
      firstSeen: e.firstSeen,
      reparentedAt: e.reparentedAt,
      seenUnderParent: e.seenUnderParent,
    })),
  };
}

const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function ancestorOf(v: unknown): AncestorInfo | null {
  if (!v || typeof v !== 'object') return null;
  const a = v as Record<string, unknown>;
  if (!isInt(a.pid) || a.pid < 0 || !isInt(a.startTicks) || typeof a.name !== 'string') return null;
  if (typeof a.cmdline !== 'string') return null;
  return {
    pid: a.pid,
    startTicks: a.startTicks,
    name: sanitize(a.name, 64),
    cmdline: sanitize(a.cmdline, ANCESTOR_CMDLINE_MAX),
  };
}

function entryOf(v: unknown, now: number): LineageEntry | null {
  if (!v || typeof v !== 'object') return null;
  const e = v as Record<string, unknown>;
  const self = ancestorOf(e.self);
  if (!self || self.startTicks < 0 || !isInt(e.originalPpid) || !Array.isArray(e.ancestors)) return null;
  if (!isTime(e.firstSeen) || typeof e.seenUnderParent !== 'boolean') return null;
  if (e.reparentedAt !== null && !isTime(e.reparentedAt)) return null;
  const ancestors: AncestorInfo[] = [];
  for (const a of e.ancestors.slice(0, MAX_DEPTH)) {
    const info = ancestorOf(a);
    if (!info) return null;
    ancestors.push(info);
  }
  return {
    self,
    originalPpid: e.originalPpid,
    ancestors,
    firstSeen: Math.min(e.firstSeen, now),
    lastSeen: Math.min(e.firstSeen, now),
    goneAt: null,
    reparentedAt: e.reparentedAt as number | null,
    seenUnderParent: e.seenUnderParent,
  };
}

/** Restore a saved memory; malformed entries are skipped. Returns what was taken. */
export function importMemory(
  data: unknown,
  into: { lineage: Lineage; zombieSince: Map<string, number>; now: number },
): { zombies: number; lineage: number } {
  const taken = { zombies: 0, lineage: 0 };
  if (!data || typeof data !== 'object') return taken;
  const d = data as Record<string, unknown>;
  if (d.version !== MEMORY_VERSION) return taken;
  if (Array.isArray(d.zombies)) {
    for (const z of d.zombies.slice(0, MEMORY_MAX_ZOMBIES)) {
      if (!Array.isArray(z) || typeof z[0] !== 'string' || !/^\d+:\d+$/.test(z[0]) || !isTime(z[1])) continue;
      // What this process saw itself is newer; a remembered first sight is older, and true.
      const known = into.zombieSince.get(z[0]);
      if (known === undefined || z[1] < known) {
        into.zombieSince.set(z[0], Math.min(z[1], into.now));
        taken.zombies++;
      }
    }
  }
  if (Array.isArray(d.lineage)) {
    for (const raw of d.lineage.slice(0, MEMORY_MAX_LINEAGE)) {
      const e = entryOf(raw, into.now);
      if (e && into.lineage.remember(e, into.now)) taken.lineage++;
    }
  }
  return taken;
}

/**
 * The ancestors a saved memory remembers for one process (nearest first), or null when it does
 * not know that process (another start time is another process).
 */
export function rememberedAncestors(data: unknown, pid: number, startTicks: number): AncestorInfo[] | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  if (d.version !== MEMORY_VERSION || !Array.isArray(d.lineage)) return null;
  for (const raw of d.lineage) {
    const self = (raw as { self?: unknown } | null)?.self as Record<string, unknown> | undefined;
    if (self?.pid !== pid || self.startTicks !== startTicks) continue;
    return entryOf(raw, Date.now())?.ancestors ?? null;
  }
  return null;
}
