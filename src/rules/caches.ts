// What the analyzer remembers between ticks so that ~1000 processes cost little per tick. Each
// cache is either keyed by an object the lineage owns (a WeakMap: the memo goes when the lineage
// forgets that process, and a reused pid is a new entry, so a classification is never stale) or
// keyed by content and pruned to what recent ticks used (bounded by the process count).
import type { ProcessSnapshot } from '../core/types.ts';
import type { AncestorInfo, LineageEntry } from '../engine/lineage.ts';
import { type CgroupInfo, classifyCgroup } from '../proc/cgroup.ts';
import type { DuplicateGroup } from './groups.ts';
import { normalizeCmdline } from './normalize.ts';
import type { AncestorClass, AncestryOrigin, Storm } from './storm.ts';
import { aiToolOf, isNode } from './util.ts';

interface MemoEntry<V> {
  value: V;
  tick: number;
}

/** Keep at least this many unused entries of a content-keyed memo before pruning them. */
const MEMO_SLACK = 256;

/** A pure function of a string, memoised and pruned to what recent ticks used. */
class TickMemo<V> {
  private map = new Map<string, MemoEntry<V>>();
  private used = 0;
  private readonly compute: (key: string) => V;
  constructor(compute: (key: string) => V) {
    this.compute = compute;
  }
  /** Start a tick: prunes keys no recent tick used. */
  begin(tick: number): void {
    if (this.map.size > this.used * 2 + MEMO_SLACK) {
      this.map.forEach((e, key) => {
        if (e.tick !== tick) this.map.delete(key);
      });
    }
    this.used = 0;
  }
  get(key: string, tick: number): V {
    let e = this.map.get(key);
    if (!e) {
      e = { value: this.compute(key), tick: -1 };
      this.map.set(key, e);
    }
    if (e.tick !== tick) {
      e.tick = tick;
      this.used++;
    }
    return e.value;
  }
  get size(): number {
    return this.map.size;
  }
}

export class RuleCaches {
  private classes = new WeakMap<AncestorInfo, AncestorClass>();
  private origins = new WeakMap<LineageEntry, AncestryOrigin>();
  private norm = new TickMemo(normalizeCmdline);
  private cgroups = new TickMemo(classifyCgroup);
  private tick = 0;
  /** Storm verdicts of this tick's groups (groups are new objects every tick). */
  readonly storms = new WeakMap<DuplicateGroup, Storm | null>();

  /** Start a tick: prunes command lines and cgroups no recent tick used. */
  beginTick(): void {
    this.norm.begin(this.tick);
    this.cgroups.begin(this.tick);
    this.tick++;
  }

  /** normalizeCmdline, memoised by command line (a pure function of it). */
  normalize(cmdline: string): string {
    return this.norm.get(cmdline, this.tick);
  }

  get normalizedSize(): number {
    return this.norm.size;
  }

  /** Who manages a process by its cgroup (src/proc/cgroup.ts), memoised by path. */
  cgroup(p: Pick<ProcessSnapshot, 'cgroup'>): CgroupInfo {
    return this.cgroups.get(p.cgroup ?? '', this.tick);
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
