import { createInterface } from 'node:readline/promises';
import { actionDeps, checkPolicy, inspectTarget, parseSignal, requestSignal } from '../../actions/index.ts';
import { createJsonLog } from '../../actions/notifiers/jsonlog.ts';
import { openActionStore, toStoreRow } from '../../actions/record.ts';
import type { SignalRequest, TargetInfo } from '../../actions/types.ts';
import { UsageError, VigilError } from '../../core/errors.ts';
import { formatBytes } from '../../core/format.ts';
import { defaultDataDir, logFilePath } from '../../core/paths.ts';
import { translator } from '../../i18n/index.ts';
import type { CliContext, Command } from '../types.ts';

const WAIT_MS = 3000;

export const command: Command = {
  name: 'kill',
  summary: 'signal a process (SIGTERM by default) through the safety policy, with confirmation',
  usage: 'vigil kill <pid> [--force] [--signal SIG] [--tree] [--yes] | vigil kill --alert ID [--yes]',
  flags: {
    alert: {
      type: 'string',
      description: 'every process of a storm (or the extra copies of duplicates) as one action',
    },
    force: { type: 'boolean', description: 'SIGKILL instead of SIGTERM' },
    signal: { type: 'string', description: 'signal name or number (TERM, HUP, INT, KILL, 15…)' },
    tree: { type: 'boolean', description: 'include every descendant' },
    yes: { type: 'boolean', shortFlag: 'y', description: 'do not ask (required without a terminal)' },
  },
  async run(ctx) {
    if (ctx.flags.alert !== undefined) return (await import('./kill-alert.ts')).runKillAlert(ctx);
    const tr = translator(ctx.config.general.language);
    const [arg, extra] = ctx.input;
    if (arg === undefined) throw new UsageError(tr('kill.missingPid'));
    if (extra !== undefined) throw new UsageError(tr('kill.extra', { arg: extra }));
    if (!/^\d+$/.test(arg) || Number(arg) <= 0 || !Number.isSafeInteger(Number(arg))) {
      throw new UsageError(tr('policy.bad_pid', { pid: arg }));
    }
    const pid = Number(arg);
    if (ctx.flags.force && ctx.flags.signal !== undefined) throw new UsageError(tr('kill.forceAndSignal'));
    const sigInput = ctx.flags.force ? 'KILL' : (ctx.flags.signal as string | undefined);
    const signal = parseSignal(sigInput);
    if (!signal) throw new UsageError(tr('policy.bad_signal', { signal: String(sigInput) }));
    const tree = Boolean(ctx.flags.tree);

    const jsonLog = createJsonLog({
      path: logFilePath(
        ctx.config.notifications.log_file,
        ctx.dataDir,
        defaultDataDir(ctx.env),
        ctx.env.HOME,
      ),
      log: ctx.log,
    });
    const store = await openActionStore(ctx.dataDir, ctx.log);
    const deps = actionDeps({
      config: ctx.config,
      log: ctx.log,
      jsonLog,
      ...(store
        ? { recorder: (rec) => void store.recordAction(toStoreRow(rec, ctx.config.general.mode)) }
        : {}),
    });
    try {
      const info = inspectTarget(pid, deps, tree);
      if (!info) throw new VigilError(tr('kill.noSuchPid', { pid }), 1);
      const req: SignalRequest = {
        pid,
        startTicks: info.startTicks,
        signal: signal.name,
        origin: 'cli',
        tree,
        waitMs: WAIT_MS,
      };
      const pre = checkPolicy(req, deps);
      if (!pre.allowed) {
        // Recorded like any other decision.
        const res = await requestSignal(req, deps);
        throw new VigilError(tr('kill.refused', { reason: res.reason }), 1);
      }
      if (!ctx.flags.yes) {
        if (!ctx.isTTY) throw new UsageError(tr('kill.noTty', { signal: signal.name, pid }));
        ctx.stdout.write(describe(info, tree, signal.name, ctx, tr));
        if (!(await confirm(tr('kill.confirm', { signal: signal.name }), ctx))) {
          ctx.stdout.write(tr('kill.aborted') + '\n');
          return 1;
        }
      } else {
        ctx.stdout.write(describe(info, tree, signal.name, ctx, tr));
      }
      const res = await requestSignal(req, deps);
      return report(res, signal.name, ctx, tr);
    } finally {
      await jsonLog.flush();
      store?.close();
    }
  },
};

type Tr = (key: string, params?: Record<string, string | number>) => string;

function describe(info: TargetInfo, tree: boolean, signal: string, ctx: CliContext, tr: Tr): string {
  const bold = (s: string) => (ctx.color ? `\u001b[1m${s}\u001b[22m` : s);
  const line = (p: TargetInfo) =>
    `  ${bold(String(p.pid))}  ${p.name}  ${tr('kill.user')}=${p.user}  ${tr('kill.rss')}=${formatBytes(p.rssBytes)}\n` +
    `      ${tr('kill.cmdline')}: ${p.cmdline || `[${p.name}]`}\n`;
  let out = `${tr('kill.header', { signal })}\n`;
  if (info.tid !== null) out += `  ${tr('kill.thread', { tid: info.tid, pid: info.pid, name: info.name })}\n`;
  out += line(info);
  out += `      ${tr('kill.children')}: ${info.children.length ? info.children.join(', ') : tr('kill.none')}\n`;
  if (tree && info.descendants.length) {
    out += `${tr('kill.treeHeader', { count: info.descendants.length })}\n`;
    const deps = actionDeps({ config: ctx.config, log: ctx.log, jsonLog: null });
    for (const d of info.descendants) {
      const di = inspectTarget(d, deps);
      if (di) out += line(di);
    }
  }
  return out;
}

async function confirm(question: string, ctx: CliContext): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: ctx.stdout });
  try {
    const answer = (await rl.question(question)).trim().toLowerCase();
    return ['y', 'yes', 'o', 'oui'].includes(answer);
  } finally {
    rl.close();
  }
}

function report(
  res: Awaited<ReturnType<typeof requestSignal>>,
  signal: string,
  ctx: CliContext,
  tr: Tr,
): number {
  if (res.outcome === 'refused') throw new VigilError(tr('kill.refused', { reason: res.reason }), 1);
  if (res.outcome === 'failed' && res.code === 'esrch')
    throw new VigilError(tr('kill.gone', { pid: res.targets.at(-1)?.pid ?? '?' }), 1);
  if (res.outcome === 'failed') throw new VigilError(tr('kill.failed', { reason: res.reason }), 1);
  ctx.stdout.write(tr('kill.sent', { signal, pids: res.pids.join(', ') }) + '\n');
  const pids = res.pids.join(', ');
  // One line per outcome (SPEC §5): what the signal did, as far as /proc shows it.
  if (res.outcome === 'stopped') ctx.stdout.write(tr('kill.stopped', { pids }) + '\n');
  if (res.outcome === 'continued') ctx.stdout.write(tr('kill.continued', { pids }) + '\n');
  const exited = res.pids.filter((p) => !res.stillRunning.includes(p));
  if ((res.outcome === 'exited' || res.outcome === 'still_running') && exited.length)
    ctx.stdout.write(tr('kill.exited', { pids: exited.join(', ') }) + '\n');
  if (res.outcome === 'still_running') {
    ctx.stderr.write(
      `vigil: ${tr('kill.stillRunning', { secs: WAIT_MS / 1000, pids: res.stillRunning.join(', ') })}\n`,
    );
    return 1;
  }
  return 0;
}
