// The one sanitiser for foreign text (SPEC §10): process names, cmdlines, cgroup and unit names,
// journal lines, GPU process names, the AI's reply. Applied at ingest, so nothing downstream
// (terminal, TUI, notifications, JSON, the AI prompt) ever sees a control sequence.

// ESC-introduced sequences, removed only when complete: CSI (ESC [ params final), OSC, DCS, SOS,
// PM, APC (ESC ] P X ^ _ … up to BEL or ST), then any other ESC with the one character after it
// (two-character escapes — and the introducer of an unterminated sequence, whose text is kept:
// a process must not be able to blank its own name with `ESC ]` and no terminator). C1 forms
// likewise. Whatever control is left becomes a space below.
const ESCAPE_SEQUENCES =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[\]PX^_][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)|\u009b[0-?]*[ -/]*[@-~]|[\u0090\u0098\u009d\u009e\u009f][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)|\u001b[\s\S]?/g;
// C0 controls (tab and newline too: one line per field), DEL, C1 controls.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
// Bidi overrides and isolates (Trojan Source), zero-width joiners used to hide text.
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

export const DEFAULT_MAX_LENGTH = 4096;

/** What a non-empty field that held nothing but control characters is shown as. */
export const HIDDEN = '[hidden]';

/**
 * Strip escape sequences, controls and bidi overrides; cap the length (in code units). Never
 * erases a field: a non-empty text left with nothing visible becomes `[hidden]`.
 */
export function sanitize(text: string, maxLength = DEFAULT_MAX_LENGTH): string {
  let out = text;
  if (/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/.test(out)) {
    out = out.replace(ESCAPE_SEQUENCES, '').replace(CONTROLS, ' ').replace(BIDI, '');
    if (out.trim() === '') return HIDDEN;
  }
  if (out.length > maxLength) out = out.slice(0, maxLength - 1) + '…';
  return out;
}

/** Escape blessed `{tags}` in already-sanitised text before it goes into a tagged widget. */
export function escapeBlessedTags(text: string): string {
  return text.replace(/[{}]/g, (c) => (c === '{' ? '{open}' : '{close}'));
}

/** Quote one argument for a POSIX shell, so a suggested command is safe to paste. */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
