// Which processes of an alert's subject a group action covers (SPEC §7, §10): the whole storm,
// or the extra copies of a duplicate group — the oldest copy is usually the one in use, so it
// stays. Pure: `vigil kill --alert ID` (start times read from /proc) and the TUI (start times the
// screen saw) pass the members they know and get back the ones to signal, by explicit pid.
import type { Alert } from '../core/types.ts';

export interface KnownMember {
  pid: number;
  startTicks: number;
}

const GROUP_RULES: Record<string, <M extends KnownMember>(members: M[]) => M[]> = {
  ghost_process_storm: (m) => m,
  duplicate_processes: (m) => [...m].sort((a, b) => a.startTicks - b.startTicks || a.pid - b.pid).slice(1),
};

/** Whether alerts of `rule` can be acted on as one group action. */
export function isGroupRule(rule: string): boolean {
  return Object.hasOwn(GROUP_RULES, rule);
}

/**
 * The members a group action on `alert` signals, among `known` (the subject's processes still
 * running, with their start times); none for a rule that is not a group's.
 */
export function groupTargets<M extends KnownMember>(alert: Pick<Alert, 'rule' | 'subject'>, known: M[]): M[] {
  const pick = isGroupRule(alert.rule) ? GROUP_RULES[alert.rule]! : null;
  if (!pick) return [];
  const subject = new Set(alert.subject.pids);
  return pick(known.filter((m) => subject.has(m.pid)));
}
