// docs/vigil.1, the man page, rendered from the command table that `--help` and completion use
// (`node src/cli/gen-man.ts` writes it; a test checks it is current). Pure.
import { type FlagForm, flagForms, summaryOf } from './help.ts';
import type { Command, FlagSpec } from './types.ts';

/** Text safe in roff: backslashes, leading dots/quotes, and hyphens in options. */
function roff(text: string): string {
  return text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/^([.'])/gm, '\\&$1');
}

function flagItems(forms: FlagForm[]): string[] {
  return forms.flatMap((f) => {
    const name = roff((f.short ? `-${f.short}, ` : '') + f.long);
    return ['.TP', f.value ? `.BI "${name} " "${roff(f.value)}"` : `.B ${name}`, roff(f.description)];
  });
}

const SECTIONS = {
  description: `Vigil watches a Linux machine the way you would if you had the time: processes, memory,
CPU, GPU, disks, network and the kernel log. Deterministic rules catch real trouble (leaked
duplicate processes, zombies, busy orphans, memory leaks, full disks, OOM kills, overload, heat)
and say what to do, with a command that is safe to paste. A strict safety policy decides what may
ever be signalled. The same engine runs in the full\\-screen monitor (vigil watch) and as a
daemon (vigil \\-\\-headless) under systemd.`,
  exit: [
    ['0', 'success; for status \\-\\-check: OK'],
    [
      '1',
      'a failure the user can fix (a missing pid, a broken required part for health); for status \\-\\-check: WARNING',
    ],
    ['2', 'bad usage or an invalid configuration; for status \\-\\-check: CRITICAL'],
    ['3', 'status \\-\\-check only: UNKNOWN (bad usage, unreadable state)'],
    ['70', 'internal error (VIGIL_DEBUG=1 prints the stack)'],
  ],
  environment: [
    ['VIGIL_CONFIG', 'the config file (as \\-\\-config)'],
    ['VIGIL_DATA_DIR', 'the data directory (as \\-\\-data\\-dir)'],
    ['XDG_CONFIG_HOME, XDG_DATA_HOME', 'where the config file and the data directory are by default'],
    ['NO_COLOR', 'no ANSI colours'],
    ['LANG, LC_ALL, LC_MESSAGES', 'the language of messages (fr or en)'],
    ['VIGIL_LOG_LEVEL', 'debug adds one log line per sample'],
    ['NOTIFY_SOCKET, WATCHDOG_USEC', 'set by systemd for the daemon (Type=notify, WatchdogSec=)'],
    ['JOURNAL_STREAM', 'set by systemd: log lines then carry their journald priority'],
  ],
  files: [
    ['~/.config/vigil/config.toml', 'the configuration (vigil config init writes a commented one)'],
    [
      '~/.local/share/vigil/',
      'history (vigil.db), the alert log (vigil.log), the daemon heartbeat (daemon.json)',
    ],
  ],
};

/** The whole page. */
export function renderMan(
  commands: Command[],
  hidden: ReadonlySet<string>,
  globals: Record<string, FlagSpec>,
  version: string,
): string {
  const shown = commands.filter((c) => !hidden.has(c.name));
  const daemon = commands.find((c) => c.name === 'headless');
  const out = [
    `.TH VIGIL 1 "" "vigil ${version}" "User Commands"`,
    '.SH NAME',
    'vigil \\- a Linux system guardian for developers',
    '.SH SYNOPSIS',
    '.B vigil',
    '[\\fIcommand\\fR] [\\fIoptions\\fR]',
    '.br',
    ...(daemon ? [`.B ${roff(daemon.usage)}`] : []),
    '.SH DESCRIPTION',
    SECTIONS.description,
    '.PP',
    'Without a command, on a terminal, vigil starts the full\\-screen monitor (vigil watch).',
    '.SH COMMANDS',
  ];
  for (const c of [...shown, ...(daemon ? [daemon] : [])]) {
    out.push('.TP', `.B ${roff(c.usage)}`, roff(summaryOf(c, 'en')));
    const forms = flagForms(c.flags, c.name, c.usage);
    if (forms.length) out.push('.RS', ...flagItems(forms), '.RE');
  }
  out.push('.SH GLOBAL OPTIONS', ...flagItems(flagForms(globals, 'global', '')));
  out.push('.SH EXIT STATUS');
  for (const [code, text] of SECTIONS.exit) out.push('.TP', `.B ${code}`, text!);
  out.push('.SH ENVIRONMENT');
  for (const [name, text] of SECTIONS.environment) out.push('.TP', `.B ${roff(name!)}`, text!);
  out.push('.SH FILES');
  for (const [name, text] of SECTIONS.files) out.push('.TP', `.I ${roff(name!)}`, text!);
  out.push(
    '.SH SEE ALSO',
    '.BR htop (1),',
    '.BR top (1),',
    '.BR systemctl (1),',
    '.BR journalctl (1)',
    '.PP',
    'The docs/ directory of the package: configuration, rules, operations, security.',
  );
  return out.join('\n') + '\n';
}
