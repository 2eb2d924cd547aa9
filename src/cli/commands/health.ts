import { rootsFromEnv } from '../../core/roots.ts';
import type { CheckResult, HealthReport } from '../../health/checks.ts';
import { healthExitCode, runHealth } from '../../health/checks.ts';
import { t } from '../../i18n/index.ts';
import type { Command } from '../types.ts';

export const command: Command = {
  name: 'health',
  summary: 'self-check: config, data dir, database, collectors, kernel log, notifications, AI key, daemon',
  usage: 'vigil health [--json]',
  flags: {
    json: { type: 'boolean', description: 'print the checks as one JSON object' },
  },
  // A broken config is one of the things health reports, so it must not stop it.
  tolerateBadConfig: true,
  async run(ctx) {
    const report = await runHealth({
      config: ctx.config,
      ...(typeof ctx.flags.config === 'string' ? { configFlag: ctx.flags.config } : {}),
      dataDir: ctx.dataDir,
      env: ctx.env,
      roots: rootsFromEnv(ctx.env),
    });
    if (ctx.flags.json) ctx.stdout.write(JSON.stringify(report, null, 2) + '\n');
    else ctx.stdout.write(renderHealth(report, { color: ctx.color, lang: ctx.config.general.language }));
    return healthExitCode(report);
  },
};

const COLORS: Record<CheckResult['status'], string> = { ok: '32', warn: '33', fail: '31;1' };

export function renderHealth(report: HealthReport, opts: { color: boolean; lang: 'en' | 'fr' }): string {
  const paint = (code: string, text: string) => (opts.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const width = Math.max(...report.checks.map((c) => c.id.length));
  const lines = [`Vigil ${report.version} — ${t(opts.lang, 'health.title')}`];
  for (const c of report.checks) {
    lines.push(`  ${paint(COLORS[c.status], c.status.padEnd(4))}  ${c.id.padEnd(width)}  ${c.message}`);
    if (c.hint) lines.push(`  ${' '.repeat(4)}  ${' '.repeat(width)}  → ${c.hint}`);
  }
  const fails = report.checks.filter((c) => c.status === 'fail').length;
  const warns = report.checks.filter((c) => c.status === 'warn').length;
  lines.push(
    fails
      ? paint('31;1', t(opts.lang, 'health.summary.fail', { fails, warns }))
      : warns
        ? t(opts.lang, 'health.summary.warn', { warns })
        : paint('32', t(opts.lang, 'health.summary.ok')),
  );
  return lines.join('\n') + '\n';
}
