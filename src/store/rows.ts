// Shared by the concern modules when they write and read rows: how much of each untrusted text
// field is kept (the caps passed to sanitize(), so one process with a hostile name or command line
// cannot bloat the file or a report), the redaction every stored text gets (SPEC §8: history is
// persisted, so no secret a command line carries is written), and SQL NULL back to an absent
// optional field.
import { redact, redactDeep } from '../core/redact.ts';
import { sanitize } from '../core/sanitize.ts';

export const NAME_MAX = 64;
export const CMDLINE_MAX = 1024;
/** An action's reason or an AI call's error. */
export const TEXT_MAX = 1024;

/** Remove the keys whose value is null or undefined (optional record fields are absent, not null). */
export function dropNulls<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === null || o[k] === undefined) delete o[k];
  return o;
}

/** A foreign text as history stores it: secrets redacted, sanitised, capped at `max`. */
export function storedText(text: string, max?: number): string {
  return sanitize(redact(text), max);
}

/** A JSON column (an alert's subject, details) with every string in it redacted. */
export function storedJson(value: unknown): string {
  return JSON.stringify(redactDeep(value));
}
