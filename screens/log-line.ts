// The status line's account of the last warning in the log: one line, naming what it is about
// (a notification channel that went off names the channel and why).
import type { Params } from '../src/i18n/index.ts';

type Tr = (k: string, p?: Params) => string;

/** One log record (a parsed JSON line) as a status-line message. */
export function logLineOf(o: Record<string, unknown>, tr: Tr): string {
  const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  const channel = str(o.channel);
  const why = str(o.why) || str(o.error);
  if (channel && o.event === 'notification channel unavailable; it stays off') {
    return tr('tui.log.channelOff', { channel, why: why || '?' });
  }
  const event = str(o.event);
  const about = channel ? ` [${channel}]` : '';
  return `${event}${about}${why ? `: ${why}` : ''}`;
}
