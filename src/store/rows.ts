// Shared by the concern modules when they write and read rows: how much of each untrusted text
// field is kept (the caps passed to sanitize(), so one process with a hostile name or command line
// cannot bloat the file or a report), and SQL NULL back to an absent optional field.
export const NAME_MAX = 64;
export const CMDLINE_MAX = 1024;
/** An action's reason or an AI call's error. */
export const TEXT_MAX = 1024;

/** Remove the keys whose value is null or undefined (optional record fields are absent, not null). */
export function dropNulls<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === null || o[k] === undefined) delete o[k];
  return o;
}
