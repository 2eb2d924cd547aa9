// Alerts as coloured lines on a terminal (a `vigil --headless` run by hand). NO_COLOR and
// --no-color give plain text. Text was sanitised at ingest; it is sanitised again here because
// a terminal is where an escape sequence would do harm.
import { sanitize } from '../../core/sanitize.ts';
import type { Severity } from '../../core/types.ts';
import { detailsOf, redactNotice, summaryOf } from './format.ts';
import type { Notice, Notifier } from './types.ts';

const COLOURS: Record<Severity, string> = {
  critical: '\u001b[1;31m',
  high: '\u001b[31m',
  medium: '\u001b[33m',
  low: '\u001b[36m',
};
const RESET = '\u001b[0m';

/** The line(s) for one notice (redacted: it is Vigil's stderr, often a journal); pure. */
export function terminalLines(notice: Notice, color: boolean): string {
  const n = redactNotice(notice);
  const time = new Date(n.time).toISOString().slice(11, 19);
  const head = sanitize(summaryOf(n));
  const colour = !color
    ? ''
    : n.kind === 'resolved'
      ? '\u001b[32m'
      : n.alert
        ? COLOURS[n.alert.severity]
        : '\u001b[35m';
  const first = color ? `${time} ${colour}${head}${RESET}` : `${time} ${head}`;
  return [first, ...detailsOf(n).map((d) => `         ${sanitize(d)}`)].join('\n') + '\n';
}

export function terminalNotifier(opts: { write: (text: string) => void; color: boolean }): Notifier {
  return {
    name: 'terminal',
    async send(batch) {
      opts.write(batch.map((n) => terminalLines(n, opts.color)).join(''));
    },
  };
}

/** Colour only on a TTY, never with NO_COLOR (any value) or --no-color. */
export function wantColor(isTTY: boolean, env: NodeJS.ProcessEnv, flag?: boolean): boolean {
  return isTTY && !env.NO_COLOR && flag !== false;
}
