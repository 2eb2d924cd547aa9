import { existsSync } from 'node:fs';
import { UsageError, VigilError } from '../../core/errors.ts';
import { writePrivate } from '../../core/files.ts';
import { t } from '../../i18n/index.ts';
import { buildReport } from '../../report/data.ts';
import { parseSince } from '../../report/since.ts';
import type { Command } from '../types.ts';

export const command: Command = {
  name: 'report',
  summary: 'history report: alert timeline, top offenders, trends (terminal, JSON or HTML)',
  usage: 'vigil report [--since 24h] [--json] [--html FILE]',
  flags: {
    since: { type: 'string', description: 'window to report on: 30m, 24h, 7d (default 24h)' },
    json: { type: 'boolean', description: 'print the report as one JSON object' },
    html: { type: 'string', description: 'write a self-contained HTML report to FILE' },
  },
  async run(ctx) {
    const lang = ctx.config.general.language;
    const sinceText = (ctx.flags.since as string | undefined) ?? '24h';
    const windowMs = parseSince(sinceText);
    if (windowMs === null) throw new UsageError(t(lang, 'report.badSince', { value: sinceText }));
    const htmlFile = ctx.flags.html as string | undefined;
    // `--html` alone (meow gives '') or `--html --json`: the file is missing, a usage error.
    if (htmlFile !== undefined && htmlFile.trim() === '') throw new UsageError(t(lang, 'report.htmlNoFile'));
    const to = Date.now();
    const from = to - windowMs;
    // Only load SQLite when there is a database to read.
    const { dbPath, openStore } = await import('../../store/store.ts');
    const store = existsSync(dbPath(ctx.dataDir))
      ? openStore(ctx.dataDir, { readonly: true, log: ctx.log })
      : null;
    let data: ReturnType<typeof buildReport>;
    try {
      data = buildReport(store, { from, to, dataDir: ctx.dataDir });
    } finally {
      store?.close();
    }
    if (htmlFile !== undefined) {
      const { renderHtml } = await import('../../report/html.ts');
      try {
        // 0600 (it holds command lines), replaced atomically, never written through a link.
        writePrivate(htmlFile, renderHtml(data, lang));
      } catch (err) {
        throw new VigilError(t(lang, 'report.htmlFailed', { file: htmlFile, error: (err as Error).message }));
      }
      if (!ctx.flags.json) ctx.stderr.write(t(lang, 'report.htmlWritten', { file: htmlFile }) + '\n');
    }
    if (ctx.flags.json) {
      ctx.stdout.write(JSON.stringify(data, null, 2) + '\n');
    } else if (htmlFile === undefined) {
      const { renderTerminal } = await import('../../report/terminal.ts');
      ctx.stdout.write(
        renderTerminal(data, { lang, color: ctx.color, width: process.stdout.columns ?? 100 }),
      );
    }
    return 0;
  },
};
