// What the analyzer remembers between ticks so that ~1000 processes cost little per tick. Each
// cache is either keyed by an object the lineage owns (a WeakMap: the memo goes when the lineage
// forgets that process, and a reused pid is a new entry, so a classification is never stale) or
// keyed by content and pruned to what recent ticks used (bounded by the process count).
import type { AncestorInfo, LineageEntry } from '../engine/lineage.ts';
import type { DuplicateGroup } from './groups.ts';
import { normalizeCmdline } from './normalize.ts';
import type { AncestorClass, AncestryOrigin, Storm } from './storm.ts';
import { aiToolOf, isNode } from './util.ts';

interface NormEntry {
  key: string;
  tick: number;
}

/** Keep at least this many unused normalised command lines before pruning them. */
const NORM_SLACK = 256;

export class RuleCaches {
  private classes = new WeakMap<AncestorInfo, AncestorClass>();
  private origins = new WeakMap<LineageEntry, AncestryOrigin>();
  private norm = new Map<string, NormEntry>();
  private normUsed = 0;
  private tick = 0;
  /** Storm verdicts of this tick's groups (groups are new objects every tick). */
  readonly storms = new WeakMap<DuplicateGroup, Storm | null>();

  /** Start a tick: prunes command lines no recent tick used. */
  beginTick(): void {
    if (this.norm.size > this.normUsed * 2 + NORM_SLACK) {
      this.norm.forEach((e, cmdline) => {
        if (e.tick !== this.tick) this.norm.delete(cmdline);
      });
    }
    this.tick++;
    this.normUsed = 0;
  }

  /** normalizeCmdline, memoised by command line (a pure function of it). */
  normalize(cmdline: string): string {
    let e = this.norm.get(cmdline);
    if (!e) {
      e = { key: normalizeCmdline(cmdline), tick: -1 };
      this.norm.set(cmdline, e);
    }
    if (e.tick !== this.tick) {
      e.tick = this.tick;
      this.normUsed++;
    }
    return e.key;
  }

  get normalizedSize(): number {
    return this.norm.size;
  }

  /** aiToolOf and isNode of an ancestor, computed once per remembered ancestor. */
  classify(a: AncestorInfo): AncestorClass {
    let c = this.classes.get(a);
    if (!c) {
      c = { aiTool: aiToolOf(a), node: isNode(a) };
      this.classes.set(a, c);
    }
    return c;
  }

  /** The nearest AI-tool and node ancestors of an entry (its ancestors never change). */
  origin(entry: LineageEntry): AncestryOrigin {
    let o = this.origins.get(entry);
    if (!o) {
      o = { ai: null, node: null };
      for (const a of entry.ancestors) {
        const c = this.classify(a);
        if (!o.ai && c.aiTool) o.ai = { tool: c.aiTool, ancestor: a };
        if (!o.node && c.node) o.node = a;
        if (o.ai && o.node) break;
      }
      this.origins.set(entry, o);
    }
    return o;
  }
}
