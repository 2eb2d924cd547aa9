// docs/configuration.md, generated from the schema (`node src/config/gen-docs.ts`); a unit test
// fails when the committed file differs from this output.
import { tomlValue } from './render.ts';
import { type Field, SCHEMA } from './schema.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function typeName(f: Field): string {
  switch (f.kind) {
    case 'string[]':
      return 'list of strings';
    case 'integer[]':
      return 'list of integers';
    case 'enum':
      return 'string (enum)';
    case 'string':
      return f.format && f.format !== 'path' ? `string (${f.format})` : 'string';
    default:
      return f.kind;
  }
}

function defaultText(f: Field): string {
  if (f.defaultDoc) return f.defaultDoc;
  if (f.optional) return 'unset (off)';
  return '`' + tomlValue(f.default) + '`';
}

function rangeText(f: Field): string {
  if (f.values) return f.values.map((v) => `\`"${v}"\``).join(', ');
  if (f.min !== undefined && f.max !== undefined) return `${f.min} … ${f.max}`;
  switch (f.format) {
    case 'url':
      return 'http(s) URL';
    case 'listen':
      return 'HOST:PORT';
    case 'env-name':
      return '`[A-Za-z_][A-Za-z0-9_]*`';
    default:
      return '';
  }
}

export function renderDocs(): string {
  const out: string[] = [
    '# Configuration',
    '',
    '<!-- Generated from src/config/schema.ts by `node src/config/gen-docs.ts`; do not edit by hand. -->',
    '',
    'Vigil reads one TOML file. Every key is optional; a missing key takes its default.',
    '',
    '## Where the file is',
    '',
    '1. `--config FILE`, else',
    '2. the environment variable `VIGIL_CONFIG`, else',
    '3. `$XDG_CONFIG_HOME/vigil/config.toml` (default `~/.config/vigil/config.toml`), found through',
    '   cosmiconfig. When this file does not exist the defaults apply.',
    '',
    '`vigil config path` prints the file in force, `vigil config init` writes a commented file of the',
    'defaults (`--force` to overwrite), `vigil config` (or `vigil config edit`) opens it in `$VISUAL` /',
    '`$EDITOR` on a temporary copy and only replaces the file when the edit is valid (on a terminal it',
    'offers to re-open the editor), `vigil config show` prints the effective configuration (command-line',
    'flags applied, secrets masked), `vigil config check` validates it (and, like every command, says',
    'when another user could write it, the data dir or the JSON log: refused as root, docs/security.md),',
    'and `vigil config set-key` stores the API key in the system keyring (from stdin or a prompt).',
    '',
    '## Errors',
    '',
    'An invalid file stops every command that needs it with exit status 2 and one line per problem,',
    'all problems at once, each located as `FILE:LINE:COLUMN:`:',
    '',
    '```',
    'invalid configuration (3 problems); nothing was started:',
    '/home/me/.config/vigil/config.toml:3:8: general.mode: expected one of "observe", "suggest", "auto", found "obsreve"; did you mean "observe"?',
    '/home/me/.config/vigil/config.toml:8:20: thresholds.ram_warn_percent: expected a number from 0 to 100, found 150',
    '/home/me/.config/vigil/config.toml:13:1: thresholds.mode: unknown key; did you mean general.mode?',
    '```',
    '',
    '- TOML syntax errors give the line and column of the mistake.',
    '- Type, range and enum errors give the key path, the value found and what was expected.',
    '- Unknown keys and tables are errors, with a did-you-mean when a known name is close.',
    '- `ram_critical_percent` must be at least `ram_warn_percent`; `disk_critical_free_percent` at most',
    '  `disk_min_free_percent`.',
    '- `[keys]`: an unknown command (with a did-you-mean) or key name is an error, and so is a key that',
    '  ends up bound to two commands of the chosen `ui.keymap`.',
    '- **API keys are never read from this file.** A key such as `api_key = …`, or any text that looks',
    '  like an Anthropic key (`sk-ant-…`, comments included), is refused. Export the key in the',
    '  environment variable named by `ai.api_key_env` (default `ANTHROPIC_API_KEY`), or store it in',
    '  the system keyring with `vigil config set-key` (the variable, when set, wins).',
    '',
    '## Reloading',
    '',
    'The daemon (`vigil --headless`) re-reads the file on `SIGHUP` (`systemctl reload vigil`) and logs',
    '`config reloaded` with `changed`: each key that changed and its new value (secrets masked). An invalid',
    'new file is rejected: the daemon keeps running with its previous configuration and logs',
    '`config reload rejected; keeping the running config` with the problems. Command-line flags',
    '(`--interval`, `--mode`) still win over the reloaded file.',
    '',
    '## Keys',
  ];
  for (const [name, table] of Object.entries(SCHEMA)) {
    out.push('', `### [${name}]`, '', table.doc, '');
    if (table.map) {
      out.push(table.map.doc, '', '```toml', `[${name}]`, table.map.example, '```');
      continue;
    }
    out.push('| key | type | default | range / values | meaning |', '| --- | --- | --- | --- | --- |');
    for (const [key, f] of Object.entries(table.fields)) {
      out.push(
        `| \`${key}\` | ${typeName(f)} | ${cell(defaultText(f))} | ${cell(rangeText(f))} | ${cell(f.doc)}${
          f.example ? ` Example: \`${cell(f.example)}\`.` : ''
        } |`,
      );
    }
  }
  return out.join('\n') + '\n';
}
