// `vigil kill --alert ID`: a whole storm (or the extra copies of a duplicate group) as ONE action
// with ONE confirmation: the alert's subject by explicit pid, each start time read now and
// re-checked before its signal, never a process group or a pattern (SPEC §7, §10). The alert comes
// from the running daemon, else from a one-shot look like `vigil status`.
import { createInterface } from 'node:readline/promises';
import { type GroupMember, planGroup, requestGroupSignal } from '../../actions/group.ts';
import { groupTargets, isGroupRule } from '../../actions/group-members.ts';
import { actionDeps, inspectTarget, parseSignal } from '../../actions/index.ts';
import { openLedger } from '../../actions/ledger.ts';
import { createJsonLog } from '../../actions/notifiers/jsonlog.ts';
import type { ActionDeps } from '../../actions/types.ts';
import { UsageError, VigilError } from '../../core/errors.ts';
import { formatBytes } from '../../core/format.ts';
import { defaultDataDir, logFilePath } from '../../core/paths.ts';
import { rootsFromEnv } from '../../core/roots.ts';
import type { Alert, Roots } from '../../core/types.ts';
import { translator } from '../../i18n/index.ts';
import { readPidStat } from '../../proc/read.ts';
import type { CliContext } from '../types.ts';

type Tr = ReturnType<typeof translator>;

/** How long the group is re-checked after the signal. */
const WAIT_MS = 5000;

async function findAlert(id: string, ctx: CliContext): Promise<Alert | undefined> {
  const { daemonView } = await import('../../store/merge.ts');
  const known = daemonView(ctx.dataDir, ctx.log).alerts.find((a) => a.id === id);
  if (known) return known;
  const { lookOnce } = await import('../../host/status-look.ts');
  const look = await lookOnce({ config: ctx.config, log: ctx.log, dataDir: ctx.dataDir });
  return look.snapshot.alerts.find((a) => a.id === id && a.state === 'firing');
}

function membersOf(alert: Alert, roots: Roots): GroupMember[] {
  const out: GroupMember[] = [];
  for (const pid of alert.subject.pids) {
    const st = readPidStat(roots, pid);
    if (st && st.state !== 'Z') out.push({ pid, startTicks: st.startTicks });
  }
  return groupTargets(alert, out);
}

function describe(members: GroupMember[], deps: ActionDeps, signal: string, tr: Tr): string {
  const plan = planGroup({ members, origin: 'cli', signal }, deps);
  let total = 0;
  let out = `${tr('kill.groupHeader', { signal, count: plan.allowed.length })}\n`;
  for (const { member } of plan.allowed) {
    const info = inspectTarget(member.pid, deps);
    if (!info) continue;
    total += info.rssBytes;
    out += `  ${info.pid}  ${info.name}  ${tr('kill.user')}=${info.user}  ${tr('kill.rss')}=${formatBytes(info.rssBytes)}  ${info.cmdline || `[${info.name}]`}\n`;
  }
  for (const { member, decision } of plan.refused) {
    out += `  ${member.pid}  ${tr('kill.refused', { reason: decision.reason })}\n`;
  }
  return `${out}${tr('kill.groupTotal', { rss: formatBytes(total) })}\n`;
}

async function confirm(question: string, ctx: CliContext): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: ctx.stdout });
  try {
    return ['y', 'yes', 'o', 'oui'].includes((await rl.question(question)).trim().toLowerCase());
  } finally {
    rl.close();
  }
}

export async function runKillAlert(ctx: CliContext): Promise<number> {
  const tr = translator(ctx.config.general.language);
  const id = String(ctx.flags.alert ?? '').trim();
  if (!id) throw new UsageError(tr('kill.alertMissing'));
  if (ctx.input.length) throw new UsageError(tr('kill.alertAndPid'));
  if (ctx.flags.tree) throw new UsageError(tr('kill.alertAndTree'));
  const sigInput = ctx.flags.force ? 'KILL' : (ctx.flags.signal as string | undefined);
  const signal = parseSignal(sigInput);
  if (!signal) throw new UsageError(tr('policy.bad_signal', { signal: String(sigInput) }));
  const alert = await findAlert(id, ctx);
  if (!alert) throw new VigilError(tr('kill.noSuchAlert', { id }), 1);
  if (!isGroupRule(alert.rule)) throw new VigilError(tr('kill.alertRule', { rule: alert.rule }), 1);
  const members = membersOf(alert, rootsFromEnv());
  if (!members.length) throw new VigilError(tr('kill.alertGone', { id }), 1);
  const jsonLog = createJsonLog({
    path: logFilePath(ctx.config.notifications.log_file, ctx.dataDir, defaultDataDir(ctx.env), ctx.env.HOME),
    log: ctx.log,
  });
  const ledger = await openLedger(ctx.dataDir, ctx.log, () => ctx.config.general.mode);
  const deps = actionDeps({
    config: ctx.config,
    log: ctx.log,
    jsonLog,
    ...(ledger ? { recorder: (rec) => ledger.record(rec) } : {}),
  });
  try {
    ctx.stdout.write(`${alert.rule}: ${alert.message}\n`);
    ctx.stdout.write(describe(members, deps, signal.name, tr));
    if (!ctx.flags.yes) {
      if (!ctx.isTTY)
        throw new UsageError(tr('kill.noTtyGroup', { signal: signal.name, count: members.length }));
      if (!(await confirm(tr('kill.confirmGroup', { signal: signal.name, count: members.length }), ctx))) {
        ctx.stdout.write(tr('kill.aborted') + '\n');
        return 1;
      }
    }
    const res = await requestGroupSignal(
      { members, signal: signal.name, origin: 'cli', alertId: alert.id, waitMs: WAIT_MS },
      deps,
    );
    const check = res.record.check;
    if (res.signalled.length)
      ctx.stdout.write(tr('kill.sent', { signal: signal.name, pids: res.signalled.join(', ') }) + '\n');
    if (check?.gone.length) {
      ctx.stdout.write(
        tr('kill.groupGone', { pids: check.gone.join(', '), freed: formatBytes(check.freedBytes) }) + '\n',
      );
    }
    for (const r of [...res.refused, ...res.failed]) ctx.stderr.write(`vigil: ${r.pid}: ${r.reason}\n`);
    if (res.stillRunning.length) {
      ctx.stderr.write(
        `vigil: ${tr('kill.stillRunning', { secs: WAIT_MS / 1000, pids: res.stillRunning.join(', ') })}\n`,
      );
    }
    return res.outcome === 'exited' && !res.refused.length && !res.failed.length ? 0 : 1;
  } finally {
    await jsonLog.flush();
    ledger?.close();
  }
}
