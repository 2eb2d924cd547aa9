// Times as a user reads and types them, in the machine's local time zone: the `--at TIME` of
// `vigil status` and `vigil watch` (ISO 8601, relative, a clock time, or an alert id), and the
// local "2026-11-30 03:12:05" the replay marker, the history view and the report show. Pure:
// `now` is passed in (tests fix it; TZ decides the zone, as everywhere in Node).

/** What `--at` names: a time (epoch ms), or an alert whose latest firing the caller looks up. */
export type AtTime = { kind: 'time'; ms: number } | { kind: 'alert'; id: string };

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** An alert id as the rules make them: the rule id, a dash, a hex hash (src/rules/lifecycle.ts). */
const ALERT_ID = /^[a-z][a-z_]*-[0-9a-f]{6,16}$/;
const RELATIVE = /^-(\d+(?:\.\d+)?)([smhd])$/;
const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Local wall-clock components → epoch ms, or null when they name no real time (Feb 30, 25:00). */
function localMs(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
): number | null {
  const t = new Date(y, mo - 1, d, h, mi, s, ms);
  const real =
    t.getFullYear() === y &&
    t.getMonth() === mo - 1 &&
    t.getDate() === d &&
    t.getMinutes() === mi &&
    t.getSeconds() === s;
  // A clock time skipped by a daylight-saving jump lands an hour later: still that moment.
  return real && Math.abs(t.getHours() - h) <= 1 ? t.getTime() : null;
}

function zoneOffsetMs(zone: string): number | null {
  if (zone.toUpperCase() === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return null;
  const mins = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (Number(m[2]) > 14 || Number(m[3] ?? 0) > 59) return null;
  return (m[1] === '-' ? -1 : 1) * mins * 60_000;
}

function parseIso(m: RegExpExecArray): number | null {
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  if (!m[8]) return localMs(y, mo, d, h, mi, s, ms);
  const offset = zoneOffsetMs(m[8]);
  if (offset === null) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  return new Date(utc).getUTCDate() === d ? utc - offset : null;
}

/** The most recent past occurrence of a local clock time (today's, or yesterday's if still to come). */
function parseClock(m: RegExpExecArray, now: number): number | null {
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return null;
  const today = new Date(now);
  for (const back of [0, 1]) {
    const t = localMs(today.getFullYear(), today.getMonth() + 1, today.getDate() - back, h, mi, s, 0);
    if (t !== null && t <= now) return t;
  }
  return null;
}

/**
 * `--at TIME`: ISO 8601 (`2026-11-30T03:12:05`, a date alone, `Z` or `+01:00`; without a zone,
 * local time), relative (`-10m`, `-2h`, `-90s`, `-1d`), a clock time (`03:12`, `03:12:05`: its
 * most recent past occurrence, local time), or an alert id (`ram_high-3f2a…`). Null otherwise.
 */
export function parseAtTime(text: string, now: number): AtTime | null {
  const s = text.trim();
  if (ALERT_ID.test(s)) return { kind: 'alert', id: s };
  const rel = RELATIVE.exec(s);
  if (rel) {
    const ms = Number(rel[1]) * UNIT_MS[rel[2]!]!;
    return Number.isFinite(ms) ? { kind: 'time', ms: now - ms } : null;
  }
  const clock = CLOCK.exec(s);
  const iso = clock ? null : ISO.exec(s);
  const ms = clock ? parseClock(clock, now) : iso ? parseIso(iso) : null;
  return ms === null ? null : { kind: 'time', ms };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `2026-11-30 03:12:05`, local time. */
export function localDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${localClock(ms)}`;
}

/** `03:12:05`, local time. */
export function localClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The local time zone as `+01:00` at `ms` (the report's header says which zone its times are in). */
export function localZone(ms: number): string {
  const off = -new Date(ms).getTimezoneOffset();
  return `${off < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}
