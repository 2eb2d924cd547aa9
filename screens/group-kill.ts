// F9 / `k` on the alert sidebar: a storm (or a duplicate group's extra copies) as ONE action. The
// dialog lists every member the alert names that the snapshot still shows (pid, command, RSS),
// asks once, and the controller sends the group through src/actions/group.ts (explicit pids,
// the start times the screen saw re-checked, one ledger row). Pure.
import { groupTargets, isGroupRule } from '../src/actions/group-members.ts';
import type { Alert } from '../src/core/types.ts';
import type { Context, KillResultView, Modal, ProcessTarget, Step, UiState } from './model.ts';
import { procKey } from './processes.ts';
import { targetOf } from './selection.ts';

/** The kill dialog for the alert selected in the sidebar, or a status-line reason why not. */
export function openGroupKill(s: UiState, ctx: Context): Step {
  const alert: Alert | undefined = ctx.alerts[s.alertIndex];
  if (!alert) return { state: { ...s, message: 'tui.kill.noSelection' } };
  if (!isGroupRule(alert.rule))
    return { state: { ...s, message: 'tui.kill.alertRule', messageParams: { rule: alert.rule } } };
  if (alert.state !== 'firing')
    return { state: { ...s, message: 'tui.kill.alertResolved', messageParams: { id: alert.id } } };
  const shown = (ctx.processes ?? []).filter((p) => p.state !== 'Z');
  const members = groupTargets(alert, shown);
  if (members.length === 0)
    return { state: { ...s, message: 'tui.kill.alertGone', messageParams: { id: alert.id } } };
  const targets: ProcessTarget[] = members.map((p) =>
    targetOf({ proc: p, key: procKey(p), depth: 0, prefix: '', match: true }),
  );
  const modal: Modal = {
    kind: 'kill',
    targets,
    group: { alertId: alert.id, rule: alert.rule },
    signal: 0,
    step: 'choose',
    results: [],
    scroll: 0,
  };
  return { state: { ...s, modal } };
}

/** What the group action did, for the status line once the dialog shows the results. */
export function groupMessage(
  targets: readonly ProcessTarget[],
  results: readonly KillResultView[],
  summary: string,
): Pick<UiState, 'message' | 'messageParams'> {
  const firstNo = results.findIndex((r) => !r.ok);
  const detail = firstNo >= 0 ? ` — ${targets[firstNo]!.pid}: ${results[firstNo]!.reason}` : '';
  return { message: `${summary}${detail}`, messageParams: {} };
}
