// The daemon's command line, read without meow when it has the plain shape a unit file or a
// script gives it: importing meow maps ~12 MB that a long-running daemon would keep for its whole
// life (docs/performance.md). Any other spelling goes to meow, like every other command's line;
// test/unit/cli-plain-argv.test.ts checks that both read the same flags from the same words.
import { camelCase as camel } from './flag-names.ts';
import type { FlagSpec } from './types.ts';

/** A plain decimal, the only number spelling read here (`5`, `0.5`). */
const PLAIN_NUMBER = /^\d+(\.\d+)?$/;

/**
 * Flags from `argv` when every word is `--flag`, `--no-flag` (booleans), `--flag VALUE` or
 * `--flag=VALUE` for a long flag of `specs`, each at most once, and no word is positional; null
 * otherwise (the caller then asks meow). Values are kept only in the one spelling meow reads the
 * same way: numbers as plain decimals, strings not starting with `-`, not empty.
 */
export function plainFlags(
  argv: readonly string[],
  specs: Record<string, FlagSpec>,
): Record<string, unknown> | null {
  const flags: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (!word.startsWith('--') || word.length < 3) return null;
    const eq = word.indexOf('=');
    const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
    if (!/^[a-z][a-z0-9-]*$/.test(name)) return null;
    let key = camel(name);
    let spec = Object.hasOwn(specs, key) ? specs[key] : undefined;
    let value: unknown;
    if (spec?.type === 'boolean' || (!spec && name.startsWith('no-'))) {
      const negated = !spec;
      if (negated) {
        key = camel(name.slice(3));
        spec = Object.hasOwn(specs, key) ? specs[key] : undefined;
        if (spec?.type !== 'boolean') return null;
      }
      if (eq >= 0) return null;
      value = !negated;
    } else {
      if (!spec || spec.isMultiple) return null;
      const text = eq >= 0 ? word.slice(eq + 1) : argv[++i];
      if (text === undefined || text === '' || text.startsWith('-')) return null;
      if (spec.type === 'number') {
        if (!PLAIN_NUMBER.test(text)) return null;
        value = Number(text);
      } else {
        value = text;
      }
    }
    if (Object.hasOwn(flags, key)) return null;
    flags[key] = value;
  }
  return flags;
}
