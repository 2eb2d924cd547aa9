// A group action's result as the kill dialog shows it: one line per member, in the order the
// dialog listed them (exited, still running, refused with the policy's reason…), and one line
// for the status line about the whole group.
import type { GroupResult } from '../src/actions/group.ts';
import { formatBytes } from '../src/core/format.ts';
import type { Language } from '../src/i18n/catalogue.ts';
import { t } from '../src/i18n/index.ts';
import type { GroupKillView } from './effects.ts';
import type { KillResultView, ProcessTarget } from './model.ts';

/** How long a group is re-checked after an ending signal, as `vigil kill --alert` does. */
export const GROUP_WAIT_MS = 5000;

export function groupView(
  r: GroupResult,
  targets: readonly ProcessTarget[],
  lang: Language,
  alertId: string,
): GroupKillView {
  const refused = new Map(r.refused.map((x) => [x.pid, x.reason]));
  const failed = new Map(r.failed.map((x) => [x.pid, x.reason]));
  const check = r.record.check;
  const gone = new Set(check?.gone ?? []);
  const still = new Set(check?.stillRunning ?? []);
  const signalled = new Set(r.signalled);
  const ok = t(lang, 'policy.ok');
  const results = targets.map((m): KillResultView => {
    if (refused.has(m.pid)) return { ok: false, outcome: 'refused', reason: refused.get(m.pid)! };
    if (failed.has(m.pid)) return { ok: false, outcome: 'failed', reason: failed.get(m.pid)! };
    if (gone.has(m.pid)) return { ok: true, outcome: 'exited', reason: ok };
    if (still.has(m.pid)) return { ok: false, outcome: 'still_running', reason: ok };
    // A signal that does not end a process (SIGSTOP, SIGCONT, SIGUSR1…): the group's outcome.
    if (signalled.has(m.pid)) return { ok: true, outcome: r.outcome, reason: ok };
    return { ok: false, outcome: 'failed', reason: t(lang, 'tui.kill.notReached') };
  });
  const summary = t(lang, 'tui.kill.groupDone', {
    id: alertId,
    outcome: r.outcome,
    signalled: r.signalled.length,
    total: targets.length,
    refused: r.refused.length,
    freed: formatBytes(check?.freedBytes ?? 0),
  });
  return { results, summary };
}
