// ghost_process_storm: more than max_duplicate_processes identical processes that are orphans,
// descend (remembered lineage) from an AI tool or `node`, or are a user's processes left under
// init (their cgroup), together using more RSS than the smaller of storm_min_ram_mb and
// storm_min_ram_percent of RAM. The subject is exactly those processes; the suggestion names
// every pid (never their process group: it may gain members between the look and the paste).
import type { VigilConfig } from '../config/types.ts';
import { formatBytes } from '../core/format.ts';
import type { Finding, ProcessSnapshot } from '../core/types.ts';
import type { LineageEntry } from '../engine/lineage.ts';
import { leftBehind, orphaned } from './belonging.ts';
import { killPids } from './command.ts';
import { DUPLICATE_FOR_TICKS, type DuplicateGroup } from './groups.ts';
import type { AncestryOrigin, Storm } from './storm.ts';
import type { Rule, RuleContext } from './types.ts';
import { pct, percent, pidList, shortCmd } from './util.ts';

const MiB = 1024 * 1024;

/**
 * The RSS a storm must use together: the smaller of storm_min_ram_mb and storm_min_ram_percent of
 * total RAM, so ten 300 MB servers are a storm on a 64 GB machine as on an 8 GB one.
 */
export function stormMinRssBytes(th: VigilConfig['thresholds'], totalBytes: number): number {
  return Math.min(th.storm_min_ram_mb * MiB, (totalBytes * th.storm_min_ram_percent) / 100);
}

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
  const minRss = stormMinRssBytes(ctx.config.thresholds, total);
  // Ghosts are members: when the whole group stays under the minimum, so do they.
  if (total <= 0 || group.rssBytes <= minRss) return null;
  const ghosts: ProcessSnapshot[] = [];
  let rssBytes = 0;
  // 3: an AI tool, 2: node, 1: a plain dead parent.
  let bestRank = 0;
  let best: AncestryOrigin = NO_ORIGIN;
  let bestEntry: LineageEntry | undefined;
  for (const p of group.members) {
    // A systemd service's processes are its unit's, whoever started them.
    if (ctx.caches.cgroup(p).kind === 'service') continue;
    const entry = ctx.lineage.of(p);
    const o = entry ? ctx.caches.origin(entry) : NO_ORIGIN;
    const rank = o.ai ? 3 : o.node ? 2 : orphaned(p, ctx) || leftBehind(p, ctx) ? 1 : 0;
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
  if (rssBytes <= minRss) return null;
  let origin: Storm['origin'];
  if (best.ai) {
    const a = best.ai.ancestor;
    origin = { kind: 'ai', tool: best.ai.tool, ancestor: a, alive: ctx.lineage.isAlive(a) };
  } else if (best.node) {
    const a = best.node;
    origin = { kind: 'node', tool: 'node', ancestor: a, alive: ctx.lineage.isAlive(a) };
  } else {
    // First seen under init already: the parent that died is not known (init is not it).
    const first = bestEntry?.ancestors[0];
    const a = first && first.pid > 1 ? first : null;
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

/** How an AI tool calls itself in its documentation (aiToolOf's ids are lower-case words). */
const TOOL_NAMES: Record<string, string> = {
  claude: 'Claude Code',
  codex: 'Codex',
  cursor: 'Cursor',
  gemini: 'Gemini CLI',
  aider: 'Aider',
  copilot: 'GitHub Copilot',
  windsurf: 'Windsurf',
  opencode: 'opencode',
  goose: 'Goose',
  cline: 'Cline',
  qwen: 'Qwen Code',
};

/**
 * The seed's hint, in the notification itself: copies left by an AI tool or `node` are most
 * likely MCP servers (or other helpers) their session did not end.
 */
export function stormHint(s: Storm, ctx: RuleContext): string {
  if (s.origin.kind === 'orphan') return '';
  const what = ctx.t(/mcp/i.test(s.group.key) ? 'rules.hint.mcp' : 'rules.hint.helpers');
  if (s.origin.kind === 'ai') {
    const tool = TOOL_NAMES[s.origin.tool ?? ''] ?? s.origin.tool ?? '';
    return ctx.t('rules.hint.ai', { what, tool });
  }
  return ctx.t('rules.hint.node', { what });
}

/** ` in container docker 0123…` for a group inside a container, else ''. */
export function whereOf(group: DuplicateGroup, ctx: RuleContext): string {
  return group.container ? ctx.t('rules.where.container', { container: group.container }) : '';
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
          where: whereOf(g, ctx),
          ram: formatBytes(s.rssBytes),
          percent: pct(percent(s.rssBytes, ctx.snapshot.memory.totalBytes)),
          origin: describeOrigin(s.origin, ctx),
          hint: stormHint(s, ctx),
          pids: pidList(pids, 50),
        }),
        subject: { pids, cmdline: s.ghosts[0]!.cmdline },
        suggestedCommand: killPids(pids),
        forSecs: DUPLICATE_FOR_TICKS * ctx.config.general.interval_secs,
        details: {
          normalized: g.key,
          container: g.container,
          rssBytes: s.rssBytes,
          minRssBytes: stormMinRssBytes(ctx.config.thresholds, ctx.snapshot.memory.totalBytes),
          origin: s.origin.ancestor
            ? { ...s.origin.ancestor, kind: s.origin.kind, tool: s.origin.tool, alive: s.origin.alive }
            : { kind: s.origin.kind },
        },
      });
    }
    return out;
  },
};
