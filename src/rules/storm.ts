// What a ghost process storm is and where it came from: plain types shared by the rule
// (ghost_process_storm.ts) and the analyzer's per-tick memo (caches.ts), so neither imports the other.

import type { ProcessSnapshot } from '../core/types.ts';
import type { AncestorInfo } from '../engine/lineage.ts';
import type { DuplicateGroup } from './groups.ts';

/** What one remembered ancestor is, for ghost_process_storm. */
export interface AncestorClass {
  /** The AI tool it is (aiToolOf), or null. */
  aiTool: string | null;
  /** Whether it is node (isNode). */
  node: boolean;
}

/** The nearest AI-tool ancestor and the nearest node ancestor of one lineage entry. */
export interface AncestryOrigin {
  ai: { tool: string; ancestor: AncestorInfo } | null;
  node: AncestorInfo | null;
}

export interface Storm {
  group: DuplicateGroup;
  ghosts: ProcessSnapshot[];
  rssBytes: number;
  /** Who started them: the nearest AI tool or node ancestor, else the dead original parent. */
  origin: {
    kind: 'ai' | 'node' | 'orphan';
    tool: string | null;
    ancestor: AncestorInfo | null;
    alive: boolean;
  };
}
