/** `30m`, `24h`, `7d` (also `1.5h`) → milliseconds; null for anything else. */
export function parseSince(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([mhd])$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
  const ms = n * unit;
  return ms > 0 && Number.isFinite(ms) ? ms : null;
}
