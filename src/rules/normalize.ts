// Command-line normalisation for duplicate detection: the same program started N times should
// give one key even when each copy got its own port, temp dir or id.

const INTERPRETER =
  /^(python|pypy|node|nodejs|ruby|perl|php|bash|sh|dash|zsh|java|deno|bun|lua|Rscript)[\d.]*$/;
const TEMP_PATH = /^(?:\/tmp|\/var\/tmp|\/dev\/shm|\/run\/user\/\d+)\/[^/]+(\/.*)?$/;
const NUMBER = /^\d+$/;
const HEXID = /^[0-9a-f]{8,}$/i;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const VOLATILE_OPTION =
  /^(--?[\w-]*(?:port|pid|tmp|temp|socket|sock|session|token|nonce|seed|id)[\w-]*=)(.*)$/i;

/** Normalise one argument: volatile values become placeholders. */
export function normalizeArg(arg: string): string {
  const opt = VOLATILE_OPTION.exec(arg);
  if (opt) return `${opt[1]}<v>`;
  if (NUMBER.test(arg)) return '<n>';
  if (HEXID.test(arg)) return '<id>';
  const tmp = TEMP_PATH.exec(arg);
  if (tmp) return `<tmp>${tmp[1] ?? ''}`;
  return arg.replace(UUID, '<id>').replace(/([:=])\d{2,5}$/, '$1<n>');
}

/**
 * The duplicate key of a command line: the executable's basename (interpreters without their
 * version: `python3.11` → `python`), then the arguments with volatile values (numbers, ports,
 * ids, temp directories) replaced. Empty for kernel threads and zombies (no command line).
 */
export function normalizeCmdline(cmdline: string): string {
  const words = cmdline.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '';
  const exe = words[0]!.split('/').pop() ?? words[0]!;
  const m = INTERPRETER.exec(exe);
  const head = m ? m[1]! : exe;
  return [head, ...words.slice(1).map(normalizeArg)].join(' ');
}
