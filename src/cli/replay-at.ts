// `--at TIME` for `vigil status` and `vigil watch`: open the history read-only, turn TIME into a
// recorded moment (an alert id into its latest firing), and say plainly why there is none.
import { existsSync } from 'node:fs';
import { UsageError, VigilError } from '../core/errors.ts';
import { type AtTime, localDateTime, parseAtTime } from '../core/local-time.ts';
import { vigilVersion } from '../core/version.ts';
import { t } from '../i18n/index.ts';
import { userResolver } from '../proc/users.ts';
import type { Replay, ReplayMoment, ReplayResult } from '../store/replay.ts';
import type { CliContext } from './types.ts';

export interface OpenReplay {
  replay: Replay;
  close(): void;
}

/** The flag's text as a time or an alert id; a usage error (exit 2) otherwise. */
export function atFlag(ctx: CliContext, now: number): AtTime {
  const text = String(ctx.flags.at ?? '');
  const at = parseAtTime(text, now);
  if (!at) throw new UsageError(t(ctx.config.general.language, 'replay.badAt', { value: text }));
  return at;
}

/** The data dir's history, read-only (SQLite loaded here, not before). */
export async function openReplay(ctx: CliContext): Promise<OpenReplay> {
  const lang = ctx.config.general.language;
  const { dbPath, openStore } = await import('../store/store.ts');
  if (!existsSync(dbPath(ctx.dataDir)))
    throw new VigilError(t(lang, 'replay.noHistory', { dataDir: ctx.dataDir }));
  const store = openStore(ctx.dataDir, { readonly: true, log: ctx.log });
  const status = store.status();
  if (!status.available) {
    store.close();
    throw new VigilError(t(lang, 'replay.unreadable', { reason: status.reason ?? 'unknown' }));
  }
  const { createReplay } = await import('../store/replay.ts');
  return {
    replay: createReplay(store, { version: vigilVersion(), userOf: userResolver() }),
    close: () => store.close(),
  };
}

/** The epoch ms `at` names: the time itself, or the alert's latest firing. */
export function atMs(ctx: CliContext, replay: Replay, at: AtTime): number {
  if (at.kind === 'time') return at.ms;
  const fired = replay.alertFiredAt(at.id);
  if (fired === null)
    throw new VigilError(
      t(ctx.config.general.language, 'replay.unknownAlert', { id: at.id, dataDir: ctx.dataDir }),
    );
  return fired;
}

/** The moment of a replay result, or a one-line error saying what history holds instead. */
export function momentOrThrow(ctx: CliContext, result: ReplayResult, asked: number): ReplayMoment {
  if (result.ok) return result.moment;
  const lang = ctx.config.general.language;
  const span = result.span;
  const params = {
    time: localDateTime(asked),
    first: span ? localDateTime(span.first) : '-',
    last: span ? localDateTime(span.last) : '-',
    near: result.near !== undefined ? localDateTime(result.near) : '-',
    dataDir: ctx.dataDir,
  };
  const key = {
    no_frames: 'replay.noFrames',
    before: 'replay.before',
    after: 'replay.after',
    gap: 'replay.gap',
    unreadable: 'replay.frameUnreadable',
  }[result.reason];
  throw new VigilError(t(lang, key, params));
}

/** The recorded moment `at` names, from an open history. */
export function momentAt(ctx: CliContext, replay: Replay, at: AtTime): ReplayMoment {
  const ms = atMs(ctx, replay, at);
  return momentOrThrow(ctx, replay.at(ms), ms);
}
