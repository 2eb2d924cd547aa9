// How `report` lists the action ledger (terminal and HTML): who asked (origin), what (a process
// or a whole group), the signal, the outcome in SPEC §5's words, and the before/after check.
import { formatBytes } from '../core/format.ts';
import { sanitize } from '../core/sanitize.ts';
import { pidList } from '../rules/util.ts';
import type { ReportData } from './data.ts';

type Action = ReportData['actions'][number];
type Tr = (key: string, params?: Record<string, string | number>) => string;

export interface ActionCells {
  time: string;
  origin: string;
  type: string;
  target: string;
  signal: string;
  outcome: string;
  check: string;
  reason: string;
}

/** The columns of one ledger row, as plain sanitised text. */
export function actionCells(a: Action, t: Tr, width = 1024): ActionCells {
  const name = a.name ? ` (${sanitize(a.name, 64)})` : '';
  const group = a.pids && a.pids.length > 1;
  const target = group
    ? `${t('ledger.members', { count: a.pids!.length })}${name}: ${pidList(a.pids!, 10)}`
    : a.pid !== undefined
      ? `pid ${a.pid}${name}`
      : '';
  const c = a.check;
  return {
    time: a.time,
    origin: a.source,
    type: a.type,
    target,
    signal: a.signal ?? '',
    outcome: a.outcome,
    check: c
      ? t('ledger.check', { gone: c.gone.length, targets: c.targets, freed: formatBytes(c.freedBytes) })
      : '',
    reason: a.reason ? sanitize(a.reason, width) : '',
  };
}
