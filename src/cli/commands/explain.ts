import { apiKeyFrom } from '../../ai/client.ts';
import { type ExplainStore, type Explanation, explainPid } from '../../ai/explain.ts';
import type { ProposalCheck } from '../../ai/proposals.ts';
import type { AiAction } from '../../ai/schema.ts';
import { openAiStore } from '../../ai/service.ts';
import { UsageError, VigilError } from '../../core/errors.ts';
import { formatBytes, formatDuration, formatPercent } from '../../core/format.ts';
import { rootsFromEnv } from '../../core/roots.ts';
import type { Snapshot } from '../../core/types.ts';
import { translator } from '../../i18n/index.ts';
import { userResolver } from '../../proc/users.ts';
import type { CliContext, Command } from '../types.ts';

export const command: Command = {
  name: 'explain',
  summary: 'what a process is, who started it, what it costs, whether it is suspect, what to do',
  usage: 'vigil explain <pid> [--json] [--no-ai]',
  flags: {
    json: { type: 'boolean', description: 'print one JSON object' },
    ai: { type: 'boolean', description: '--no-ai: local explanation only, nothing leaves the machine' },
  },
  async run(ctx) {
    const tr = translator(ctx.config.general.language);
    const [arg, extra] = ctx.input;
    if (arg === undefined) throw new UsageError(tr('explain.missingPid'));
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}' for 'explain'`);
    if (!/^\d+$/.test(arg) || Number(arg) <= 0 || !Number.isSafeInteger(Number(arg))) {
      throw new UsageError(tr('explain.badPid', { value: arg }));
    }
    const pid = Number(arg);
    const noAi = ctx.flags.ai === false;
    const wantsAi = !noAi && ctx.config.ai.enabled && apiKeyFrom(ctx.config.ai, ctx.env) !== null;
    const roots = rootsFromEnv(ctx.env);
    // The store: history of this process, alerts naming it, the AI budget and call records.
    // Without an AI call nothing is written, so nothing is created either.
    const store: ExplainStore | null = await openAiStore(ctx.dataDir, ctx.log, { readonly: !wantsAi });
    try {
      const snapshot = wantsAi ? await systemSnapshot(ctx) : null;
      const result = await explainPid(pid, {
        roots,
        userOf: userResolver(),
        lang: ctx.config.general.language,
        config: ctx.config,
        env: ctx.env,
        noAi,
        store,
        log: ctx.log,
        snapshot,
      });
      if (!result) throw new VigilError(tr('explain.noProcess', { pid }), 1);
      ctx.stdout.write(ctx.flags.json ? JSON.stringify(toJson(result), null, 2) + '\n' : render(result, ctx));
      return 0;
    } finally {
      store?.close();
    }
  },
};

/** RAM/swap/load for the prompt: one tick of the cheap collectors only. */
async function systemSnapshot(ctx: CliContext): Promise<Snapshot | null> {
  try {
    const { buildEngine } = await import('../../host/compose.ts');
    const { cpuCollector } = await import('../../collectors/cpu.ts');
    const { memoryCollector } = await import('../../collectors/memory.ts');
    const { processCollector } = await import('../../collectors/processes.ts');
    const engine = buildEngine({
      config: ctx.config,
      role: 'status',
      log: ctx.log,
      collectors: [cpuCollector(), memoryCollector(), processCollector({ fdEveryTicks: 1000 })],
    });
    const { snapshot } = await engine.tick();
    await engine.stop();
    return snapshot;
  } catch {
    return null;
  }
}

export function toJson(r: Explanation): Record<string, unknown> {
  const f = r.facts;
  return {
    pid: f.pid,
    ppid: f.ppid,
    name: f.name,
    cmdline: f.cmdline,
    user: f.user,
    uid: f.uid,
    state: f.state,
    startTime: f.startTime,
    ageSeconds: f.ageSeconds,
    cpuPercent: f.cpuPercent,
    rssBytes: f.rssBytes,
    threads: f.threads,
    fds: f.fds,
    sockets: { listening: f.listening, other: f.connections },
    cgroup: f.cgroup,
    unit: f.unit,
    container: f.container,
    lineage: f.lineage,
    children: f.children,
    history: f.history,
    oom: f.oom,
    alerts: f.alerts,
    local: {
      kind: r.local.classification?.kind ?? null,
      tool: r.local.classification?.tool ?? null,
      explanation: r.local.text,
      advice: r.local.advice,
    },
    ai:
      r.ai.outcome === 'ok'
        ? {
            outcome: 'ok',
            ...r.ai.answer,
            // The model's fields as it gave them, and Vigil's check of each beside them.
            actions: r.ai.answer.actions.map((x, i) => ({
              ...x,
              check: r.ai.outcome === 'ok' ? r.ai.checks[i] : null,
            })),
            model: r.ai.model,
            inputTokens: r.ai.inputTokens,
            outputTokens: r.ai.outputTokens,
            costUsd: r.ai.costUsd,
            latencyMs: r.ai.latencyMs,
          }
        : { outcome: 'fallback', reason: r.ai.reason, ...(r.ai.detail ? { detail: r.ai.detail } : {}) },
  };
}

/** Where the OOM killer would look first, and the time to OOM at the recorded trend. */
function oomText(o: Explanation['facts']['oom'], tr: ReturnType<typeof translator>): string {
  const parts: string[] = [];
  if (o.score !== null)
    parts.push(tr('explain.oomLine', { score: o.score, adj: o.adj ?? 0, rank: o.rank ?? '-', of: o.of }));
  if (o.first)
    parts.push(tr('explain.oomFirst', { name: o.first.name, pid: o.first.pid, score: o.first.score }));
  parts.push(
    o.timeToOomSecs !== null
      ? tr('explain.oomEta', { eta: formatDuration(o.timeToOomSecs) })
      : tr('explain.oomNoTrend'),
  );
  return parts.join('; ');
}

export function render(r: Explanation, ctx: Pick<CliContext, 'config' | 'color'>): string {
  const tr = translator(ctx.config.general.language);
  const bold = (s: string) => (ctx.color ? `\u001b[1m${s}\u001b[0m` : s);
  const f = r.facts;
  const row = (label: string, value: string) => `  ${label.padEnd(14)} ${value}`;
  const lines: string[] = [bold(tr('explain.title', { pid: f.pid, name: f.name }))];
  lines.push(row(tr('explain.command'), f.cmdline || `[${f.name}]`));
  lines.push(row(tr('explain.user'), `${f.user} (uid ${f.uid})`));
  lines.push(
    row(tr('explain.age'), `${f.startTime} (${tr('explain.ago', { age: formatDuration(f.ageSeconds) })})`),
  );
  lines.push(
    row(
      tr('explain.resources'),
      tr('explain.resourcesLine', {
        cpu: formatPercent(f.cpuPercent),
        rss: formatBytes(f.rssBytes),
        threads: f.threads,
        fds: f.fds ?? '?',
      }),
    ),
  );
  lines.push(
    row(
      tr('explain.history'),
      f.history.samples
        ? tr('explain.historyLine', {
            samples: f.history.samples,
            rssMin: formatBytes(f.history.rssMinBytes),
            rssMax: formatBytes(f.history.rssMaxBytes),
            cpuMax: formatPercent(f.history.cpuMaxPercent),
          })
        : tr('explain.noHistory'),
    ),
  );
  lines.push(
    row(
      tr('explain.lineage'),
      f.lineage.length
        ? f.lineage
            .map((a) => `${a.pid} ${a.name}${a.alive === false ? ` (${tr('explain.gone')})` : ''}`)
            .join(' ← ')
        : tr('explain.lineageNone'),
    ),
  );
  if (f.lineage[0]?.cmdline)
    lines.push(row('', `${f.lineage[0].pid}: ${f.lineage[0].cmdline.slice(0, 120)}`));
  if (f.unit) lines.push(row(tr('explain.unit'), f.unit));
  if (f.container) lines.push(row(tr('explain.container'), f.container));
  if (f.cgroup) lines.push(row(tr('explain.cgroup'), f.cgroup));
  lines.push(
    row(
      tr('explain.children'),
      f.children.length
        ? f.children
            .slice(0, 8)
            .map((c) => `${c.pid} ${c.name}`)
            .join(', ') + (f.children.length > 8 ? ` (+${f.children.length - 8})` : '')
        : tr('explain.none'),
    ),
  );
  lines.push(
    row(
      tr('explain.sockets'),
      tr('explain.socketsLine', {
        listening: f.listening.length ? f.listening.join(', ') : tr('explain.none'),
        other: f.connections,
      }),
    ),
  );
  lines.push(row(tr('explain.oom'), oomText(f.oom, tr)));
  for (const a of f.alerts) lines.push(row('!', `${a.severity} ${a.rule}: ${a.message}`));
  lines.push('', bold(tr('explain.local')));
  lines.push(`  ${r.local.text}${r.local.advice ? ` ${r.local.advice}` : ''}`);
  lines.push('');
  if (r.ai.outcome === 'ok') {
    const a = r.ai.answer;
    lines.push(bold(`${tr('explain.ai')} (${a.severity})`));
    lines.push(`  ${prose(a.diagnostic)}`);
    if (a.actions.length) {
      lines.push('', bold(tr('explain.actions')));
      const checks = r.ai.checks;
      a.actions.forEach((x, i) => {
        lines.push(...proposalLines(x, checks[i], tr));
      });
    }
    if (a.prevention) lines.push('', bold(tr('explain.prevention')), `  ${prose(a.prevention)}`);
    lines.push(
      '',
      `  ${tr('explain.cost', {
        model: r.ai.model,
        input: r.ai.inputTokens,
        output: r.ai.outputTokens,
        cost: r.ai.costUsd === null ? '?' : r.ai.costUsd.toFixed(4),
      })}`,
    );
  } else {
    const reason = tr(`ai.reason.${r.ai.reason}`, r.ai.params);
    lines.push(tr('explain.aiFallback', { reason }));
  }
  return lines.join('\n') + '\n';
}

/**
 * One proposed action as `explain` prints it: Vigil's verdict, never the model's `risk`; a `$ `
 * line only for a command Vigil built for an allowed kill; anything else the model wrote is shown
 * as unverified text (SPEC §8).
 */
export function proposalLines(
  x: AiAction,
  check: ProposalCheck | undefined,
  tr: (key: string, params?: Record<string, string | number>) => string,
): string[] {
  const head = check?.target
    ? tr('explain.check.kill', {
        pid: check.target.pid,
        name: check.target.name,
        signal: check.target.signal,
      })
    : x.type === 'kill_process'
      ? tr('explain.check.killGone', { target: x.target })
      : `${x.type} ${x.target}`;
  const out = [`  - ${head}: ${check?.verdict ?? tr('explain.check.advice')}`];
  if (check?.command) out.push(`      $ ${check.command}`);
  if (x.explanation) out.push(`      ${prose(x.explanation)}`);
  if (check?.kind !== 'kill' && x.command)
    out.push(`      ${tr('explain.check.modelText', { command: x.command })}`);
  return out;
}

/**
 * The model's prose as printed: one line (sanitised at ingest), and never starting like a shell
 * prompt — only the commands Vigil builds are printed as `$ …`, so a model cannot make its own
 * text look pasteable.
 */
export function prose(text: string): string {
  return /^\s*[$#>]/.test(text) ? `› ${text.trimStart()}` : text;
}
