// Tagging rows (htop's Space, `c`, `U`) and what kill and renice act on: every tagged row still
// on show, else the selected one. Pure.
import type { ProcessSnapshot } from '../src/core/types.ts';
import type { Context, ProcessTarget, UiState } from './model.ts';
import { procKey } from './processes.ts';
import { currentIndex, moveTo, selectedRow, targetOf } from './selection.ts';

/** Space: tag or untag the selected row, then move down (as htop does). */
export function toggleTag(s: UiState, ctx: Context): UiState {
  const row = selectedRow(s, ctx);
  if (!row) return s;
  const tagged = new Set(s.tagged);
  if (tagged.has(row.key)) tagged.delete(row.key);
  else tagged.add(row.key);
  return moveTo({ ...s, tagged }, ctx, currentIndex(s, ctx) + 1);
}

/** `c`: tag the selected process and all its descendants (looked up past any filter). */
export function tagWithChildren(s: UiState, ctx: Context): UiState {
  const row = selectedRow(s, ctx);
  if (!row) return s;
  const all = ctx.processes ?? ctx.rows.map((r) => r.proc);
  const children = new Map<number, ProcessSnapshot[]>();
  for (const p of all) {
    const list = children.get(p.ppid);
    if (list) list.push(p);
    else children.set(p.ppid, [p]);
  }
  const tagged = new Set(s.tagged);
  tagged.add(row.key);
  const stack = [row.proc.pid];
  const seen = new Set<number>();
  while (stack.length) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    for (const c of children.get(pid) ?? []) {
      tagged.add(procKey(c));
      stack.push(c.pid);
    }
  }
  return { ...s, tagged, message: 'tui.tag.count', messageParams: { n: tagged.size } };
}

export function untagAll(s: UiState): UiState {
  return { ...s, tagged: new Set(), message: 'tui.tag.none' };
}

/**
 * Kill and renice act on every tagged process still running (on show or hidden by the filter;
 * the confirmation lists them all), or on the selected row when none is tagged.
 */
export function actionTargets(s: UiState, ctx: Context): ProcessTarget[] {
  if (s.tagged.size > 0) {
    const byKey = new Map(ctx.rows.map((r) => [r.key, r]));
    const targets: ProcessTarget[] = [];
    const hidden = new Map((ctx.processes ?? []).map((p) => [procKey(p), p]));
    for (const key of s.tagged) {
      const row = byKey.get(key);
      const p = row ? null : hidden.get(key);
      if (row) targets.push(targetOf(row));
      else if (p) targets.push(targetOf({ proc: p, key, depth: 0, prefix: '', match: true }));
    }
    if (targets.length > 0) return targets;
  }
  const row = selectedRow(s, ctx);
  return row ? [targetOf(row)] : [];
}
