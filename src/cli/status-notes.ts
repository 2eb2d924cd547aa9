// What `vigil status` adds under its alerts: what one look could not judge (src/rules/oneshot.ts)
// — zombies listed with their parent, duration rules whose condition holds now, OOM kills older
// than the hold time, and which rules need a running daemon.
import type { Language } from '../config/types.ts';
import { formatDuration } from '../core/format.ts';
import type { OneShotReport } from '../host/status-look.ts';
import { t } from '../i18n/index.ts';

/** At most this many zombies are named. */
const MAX_ZOMBIES = 10;

export function renderOneShot(
  o: OneShotReport,
  lang: Language,
  paint: (code: string, text: string) => string,
): string[] {
  const lines: string[] = [];
  const dim = (text: string) => paint('2', text);
  for (const p of o.pending) {
    lines.push(
      `${paint('33', t(lang, 'status.pendingLabel').padEnd(8))} ${p.rule}: ${t(lang, 'status.pending', {
        what: p.what,
        duration: formatDuration(p.forSecs),
      })}`,
    );
  }
  if (o.zombies.length) {
    const named = o.zombies
      .slice(0, MAX_ZOMBIES)
      .map((z) => t(lang, 'status.zombie', { pid: z.pid, parent: z.parent ?? '?', ppid: z.ppid }))
      .join(', ');
    const more = o.zombies.length > MAX_ZOMBIES ? `, … (+${o.zombies.length - MAX_ZOMBIES})` : '';
    lines.push(t(lang, 'status.zombies', { count: o.zombies.length, list: named + more }));
    if (!o.daemon) lines.push(dim(`  ${t(lang, 'status.zombiesNeedDaemon')}`));
  }
  const last = o.earlierOomKills.at(-1);
  if (last) {
    lines.push(
      dim(
        t(lang, 'status.earlierOom', {
          count: o.earlierOomKills.length,
          name: last.name,
          pid: last.pid,
          time: last.time,
        }),
      ),
    );
  }
  const rules = o.needsDaemon.join(', ');
  lines.push(
    dim(
      o.daemon
        ? t(lang, 'status.daemonJudges', { pid: o.daemon.pid, role: o.daemon.role, rules })
        : t(lang, 'status.needsDaemon', { rules }),
    ),
  );
  return lines;
}
