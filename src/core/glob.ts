// The one shell-style glob of the config: `allowlist.ignore_commands` (the rules) and
// `allowlist.protected_commands` (the safety gate) must read a pattern the same way, so both are
// compiled here. Syntax (docs/configuration.md, docs/security.md):
//   `*` any run of characters and `?` one character, neither ever a newline;
//   `[abc]`, `[a-z]` one of; `[!a]`, `[^a]` none of (nor a newline);
//   a `]` right after the opening (or after the negation) is a literal `]`: `[]]`, `[!]]`;
//   `\x` is a literal x, inside brackets too; an unclosed `[` is a literal `[`;
//   anchored on the whole string.
// Every other character goes into the RegExp as a `\u{…}` escape, so no pattern can inject
// RegExp syntax; the `u` flag makes `?` one code point, not half of one.

const NOT_NEWLINE = '[^\\n]';

/** One code point as RegExp source that means exactly that character. */
function literal(ch: string): string {
  return /^[A-Za-z0-9_]$/.test(ch) ? ch : `\\u{${ch.codePointAt(0)!.toString(16)}}`;
}

/** The character at chars[i] inside a bracket (a backslash takes the next one) and where the next starts. */
function classChar(chars: readonly string[], i: number): [string, number] {
  if (chars[i] === '\\' && i + 1 < chars.length) return [chars[i + 1]!, i + 2];
  return [chars[i]!, i + 1];
}

/** The bracket expression opening at chars[start] as RegExp source and the index after it; null if unclosed. */
function bracket(chars: readonly string[], start: number): { source: string; next: number } | null {
  let i = start + 1;
  const negate = chars[i] === '!' || chars[i] === '^';
  if (negate) i++;
  let body = '';
  for (let first = true; i < chars.length; first = false) {
    if (chars[i] === ']' && !first) {
      // A negated class never matches a newline either: no wildcard crosses one.
      return { source: negate ? `[^${body}\\n]` : `[${body}]`, next: i + 1 };
    }
    const [lo, afterLo] = classChar(chars, i);
    i = afterLo;
    if (chars[i] === '-' && i + 1 < chars.length && chars[i + 1] !== ']') {
      const [hi, afterHi] = classChar(chars, i + 1);
      i = afterHi;
      // A reversed range (`[z-a]`) matches nothing, as in fnmatch(3), instead of throwing.
      if (lo.codePointAt(0)! <= hi.codePointAt(0)!) body += `${literal(lo)}-${literal(hi)}`;
    } else body += literal(lo);
  }
  return null;
}

/** Compile one glob into an anchored RegExp (syntax above). */
export function globToRegExp(glob: string): RegExp {
  const chars = Array.from(glob);
  let source = '';
  for (let i = 0; i < chars.length; ) {
    const c = chars[i]!;
    if (c === '*') source += `${NOT_NEWLINE}*`;
    else if (c === '?') source += NOT_NEWLINE;
    else if (c === '\\' && i + 1 < chars.length) {
      source += literal(chars[i + 1]!);
      i += 2;
      continue;
    } else if (c === '[') {
      const b = bracket(chars, i);
      if (b) {
        source += b.source;
        i = b.next;
        continue;
      }
      source += literal('[');
    } else source += literal(c);
    i++;
  }
  return new RegExp(`^${source}$`, 'u');
}

/**
 * What a pattern is matched against: `name` (comm), `argv0` (the first word of the command
 * line), `exe` (argv0's basename) and, for `ignore_commands` only, `cmdline` (the whole line).
 */
export type ProcessField = 'name' | 'argv0' | 'exe' | 'cmdline';

/** The first pattern that matched, the field it matched and that field's value. */
export interface GlobHit {
  pattern: string;
  field: ProcessField;
  value: string;
}

/** A compiled list of patterns over one process; null when none matches. */
export type ProcessGlobs = (name: string, cmdline: string) => GlobHit | null;

function processGlobs(patterns: readonly string[], withCommandLine: boolean): ProcessGlobs {
  const compiled = patterns
    .filter((p) => p !== '')
    .map((pattern) => ({ pattern, re: globToRegExp(pattern) }));
  if (compiled.length === 0) return () => null;
  return (name, cmdline) => {
    const space = cmdline.indexOf(' ');
    const argv0 = space < 0 ? cmdline : cmdline.slice(0, space);
    const fields: [ProcessField, string][] = [
      ['name', name],
      ['argv0', argv0],
      ['exe', argv0.slice(argv0.lastIndexOf('/') + 1)],
    ];
    if (withCommandLine) fields.push(['cmdline', cmdline]);
    for (const { pattern, re } of compiled) {
      for (const [field, value] of fields) {
        if (value !== '' && re.test(value)) return { pattern, field, value };
      }
    }
    return null;
  };
}

/**
 * `allowlist.ignore_commands`: name, argv0, exe and also the whole command line, as documented
 * (`"*mcp_server.py*"` quiets one script run by a generic interpreter). Compile once per config.
 */
export function ignoreMatcher(patterns: readonly string[]): ProcessGlobs {
  return processGlobs(patterns, true);
}

/**
 * `allowlist.protected_commands`: name, argv0 and exe, never the whole command line — a process
 * chooses its arguments, so matching them would let any process protect itself from Vigil.
 */
export function protectedMatcher(patterns: readonly string[]): ProcessGlobs {
  return processGlobs(patterns, false);
}
