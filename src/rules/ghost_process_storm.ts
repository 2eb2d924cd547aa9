// ghost_process_storm: more than max_duplicate_processes identical processes that are orphans or
// descend (remembered lineage) from an AI tool or `node`, together using more than
// GHOST_STORM_RAM_PERCENT of RAM. The subject is exactly those processes; the suggestion names
// every pid (or their process group when it holds exactly them).
import { formatBytes } from '../core/format.ts';
import type { Finding, ProcessSnapshot } from '../core/types.ts';
import { isOrphan, type LineageEntry } from '../engine/lineage.ts';
import { killSubject } from './command.ts';
import { DUPLICATE_FOR_TICKS, type DuplicateGroup } from './groups.ts';
import type { AncestryOrigin, Storm } from './storm.ts';
import type { Rule, RuleContext } from './types.ts';
import { pct, percent, pidList, shortCmd } from './util.ts';

/** Share of total RAM a storm must use together (SPEC §7: "> 5% RAM"). */
export const GHOST_STORM_RAM_PERCENT = 5;

/** No AI-tool or node ancestor (a process the lineage has not recorded). */
const NO_ORIGIN: AncestryOrigin = { ai: null, node: null };

/**
 * The storm inside a duplicate group, if there is one. A ghost's origin is its nearest AI-tool
 * ancestor, else its nearest node ancestor, else (an orphan) its original parent; the storm's
 * origin is the first ghost's (oldest first) of the most informative kind. Computed once per
 * group and tick (duplicate_processes asks too).
 */
export function stormOf(group: DuplicateGroup, ctx: RuleContext): Storm | null {
  const memo = ctx.caches.storms;
  let s = memo.get(group);
  if (s === undefined) {
    s = computeStorm(group, ctx);
    memo.set(group, s);
  }
  return s;
}

function computeStorm(group: DuplicateGroup, ctx: RuleContext): Storm | null {
  // Hysteresis: a firing storm holds while it keeps at least max copies (one fewer than to fire).
  const max =
    ctx.config.thresholds.max_duplicate_processes - (ctx.firing(`ghost_process_storm:${group.key}`) ? 1 : 0);
  if (group.members.length <= max) return null;
  const total = ctx.snapshot.memory.totalBytes;
  // Ghosts are members: when the whole group stays under the RAM share, so do they.
  if (total <= 0 || percent(group.rssBytes, total) <= GHOST_STORM_RAM_PERCENT) return null;
  const ghosts: ProcessSnapshot[] = [];
  let rssBytes = 0;
  // 3: an AI tool, 2: node, 1: a plain dead parent.
  let bestRank = 0;
  let best: AncestryOrigin = NO_ORIGIN;
  let bestEntry: LineageEntry | undefined;
  const live = (pid: number) => ctx.lineage.hasLive(pid);
  for (const p of group.members) {
    const entry = ctx.lineage.of(p);
    const o = entry ? ctx.caches.origin(entry) : NO_ORIGIN;
    const rank = o.ai ? 3 : o.node ? 2 : isOrphan(p, entry, live) ? 1 : 0;
    if (rank === 0) continue;
    ghosts.push(p);
    rssBytes += p.rssBytes;
    if (rank > bestRank) {
      bestRank = rank;
      best = o;
      bestEntry = entry;
    }
  }
  if (ghosts.length <= max) return null;
  if (percent(rssBytes, total) <= GHOST_STORM_RAM_PERCENT) return null;
  let origin: Storm['origin'];
  if (best.ai) {
    const a = best.ai.ancestor;
    origin = { kind: 'ai', tool: best.ai.tool, ancestor: a, alive: ctx.lineage.isAlive(a) };
  } else if (best.node) {
    const a = best.node;
    origin = { kind: 'node', tool: 'node', ancestor: a, alive: ctx.lineage.isAlive(a) };
  } else {
    const a = bestEntry?.ancestors[0] ?? null;
    origin = { kind: 'orphan', tool: null, ancestor: a, alive: a ? ctx.lineage.isAlive(a) : false };
  }
  return { group, ghosts, rssBytes, origin };
}

export function describeOrigin(o: Storm['origin'], ctx: RuleContext): string {
  const a = o.ancestor;
  const state = o.alive ? '' : ctx.t('rules.origin.gone');
  if (!a?.name) return ctx.t('rules.origin.unknown');
  // Name the tool, not its comm: Node 24's main thread calls itself "MainThread".
  const name = o.kind === 'orphan' ? a.name : (o.tool ?? a.name);
  const who = `${name} (pid ${a.pid}${state})`;
  if (o.kind === 'ai') return ctx.t('rules.origin.ai', { who });
  if (o.kind === 'node') return ctx.t('rules.origin.node', { who });
  return ctx.t('rules.origin.orphan', { who });
}

export const rule: Rule = {
  id: 'ghost_process_storm',
  evaluate(ctx) {
    const out: Finding[] = [];
    for (const g of ctx.groups()) {
      const s = stormOf(g, ctx);
      if (!s) continue;
      const pids = s.ghosts.map((p) => p.pid).sort((a, b) => a - b);
      out.push({
        rule: 'ghost_process_storm',
        severity: 'high',
        key: `ghost_process_storm:${g.key}`,
        message: ctx.t('rules.ghost_process_storm', {
          count: s.ghosts.length,
          cmd: shortCmd(s.ghosts[0]!, 80),
          ram: formatBytes(s.rssBytes),
          percent: pct(percent(s.rssBytes, ctx.snapshot.memory.totalBytes)),
          origin: describeOrigin(s.origin, ctx),
          pids: pidList(pids, 50),
        }),
        subject: { pids, cmdline: s.ghosts[0]!.cmdline },
        suggestedCommand: killSubject(s.ghosts, ctx.snapshot.processes),
        forSecs: DUPLICATE_FOR_TICKS * ctx.config.general.interval_secs,
        details: {
          normalized: g.key,
          rssBytes: s.rssBytes,
          origin: s.origin.ancestor
            ? { ...s.origin.ancestor, kind: s.origin.kind, tool: s.origin.tool, alive: s.origin.alive }
            : { kind: s.origin.kind },
        },
      });
    }
    return out;
  },
};
