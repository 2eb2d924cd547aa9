// `vigil status --at TIME`: the snapshot the incident recorder saw then, rebuilt through the same
// derive as the live one, in the same JSON shape (SPEC §5) plus a `replay` object saying which
// frame it is; the alerts are those firing at that time. Command lines are as stored (redacted).
import { UsageError } from '../core/errors.ts';
import { formatDuration } from '../core/format.ts';
import { localDateTime } from '../core/local-time.ts';
import { t } from '../i18n/index.ts';
import type { ReplayMoment } from '../store/replay.ts';
import { atFlag, momentAt, openReplay } from './replay-at.ts';
import type { CliContext } from './types.ts';

/** What `--json` adds to the snapshot: which recorded frame it is. */
export interface ReplayInfo {
  requested: string;
  time: string;
  /** Seconds the CPU % and rates are averaged over; null for a chain's first frame. */
  resolutionSecs: number | null;
  source: 'incident' | 'minute';
}

export function replayInfo(m: ReplayMoment): ReplayInfo {
  return {
    requested: new Date(m.requested).toISOString(),
    time: new Date(m.time).toISOString(),
    resolutionSecs: m.resolutionSecs,
    source: m.source,
  };
}

/** `0.5 s`, `5 s`, `1m00s`: how long a replayed CPU % is averaged over. */
export function formatWindow(secs: number): string {
  if (secs >= 60) return formatDuration(secs);
  return `${secs < 10 ? String(Math.round(secs * 10) / 10) : Math.round(secs)} s`;
}

/** The one-line heading of a replayed status (the TUI's marker says the same). */
export function replayHeading(ctx: CliContext, m: ReplayMoment): string {
  const lang = ctx.config.general.language;
  const source = t(lang, `replay.source.${m.source}`);
  const time = localDateTime(m.time);
  const head =
    m.resolutionSecs === null
      ? t(lang, 'replay.headerFirst', { time, source })
      : t(lang, 'replay.header', { time, source, window: formatWindow(m.resolutionSecs) });
  return Math.abs(m.requested - m.time) >= 1000
    ? `${head} ${t(lang, 'replay.asked', { time: localDateTime(m.requested) })}`
    : head;
}

/** The recorded moment for `status --at`; throws a one-line error when there is none. */
export async function recordedMoment(ctx: CliContext, now: number = Date.now()): Promise<ReplayMoment> {
  if (ctx.flags.check) throw new UsageError(t(ctx.config.general.language, 'replay.atWithCheck'));
  const at = atFlag(ctx, now);
  const open = await openReplay(ctx);
  try {
    return momentAt(ctx, open.replay, at);
  } finally {
    open.close();
  }
}
