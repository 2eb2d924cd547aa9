// The positional arguments a command takes, read from its usage line (`vigil kill <pid> …`,
// `vigil service install|uninstall`, `vigil config [edit|path|…]`): the one description that
// help, the man page, completion and the extra-argument check all use. Pure.

export interface ArgumentSpec {
  /** `pid`, `command`, or `action` for a list of words. */
  name: string;
  /** The words allowed, when the usage lists them (`install|uninstall`). */
  choices?: string[];
  optional: boolean;
}

/** Bracketed groups and bare words of a usage line, in order. */
function tokens(usage: string): { text: string; bracketed: boolean }[] {
  const out: { text: string; bracketed: boolean }[] = [];
  for (const m of usage.matchAll(/\[([^\]]*)\]|(\S+)/g)) {
    out.push(m[1] !== undefined ? { text: m[1].trim(), bracketed: true } : { text: m[2]!, bracketed: false });
  }
  return out;
}

/** The positional arguments of `usage` for command `name` (flags and their values left out). */
export function usageArguments(usage: string, name: string): ArgumentSpec[] {
  const out: ArgumentSpec[] = [];
  const words = tokens(usage);
  let i = words[0]?.text === 'vigil' ? 1 : 0;
  if (words[i]?.text === name) i++;
  for (; i < words.length; i++) {
    const { text, bracketed } = words[i]!;
    if (text.startsWith('-')) continue;
    const angle = /^<([a-z-]+)>$/.exec(text);
    if (angle) out.push({ name: angle[1]!, optional: bracketed });
    else if (text.includes('|')) out.push({ name: 'action', choices: text.split('|'), optional: bracketed });
    else out.push({ name: text, optional: bracketed });
  }
  return out;
}
