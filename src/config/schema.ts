// The one description of the configuration (SPEC §6): types, ranges, enums, defaults and the
// meaning of every key. Validation (validate.ts), the defaults (defaults.ts), `vigil config show`
// and `config init` (render.ts) and docs/configuration.md (docs.ts) are all derived from it, so
// a key cannot exist in one of them and not the others.
import { join } from 'node:path';
import { defaultDataDir } from '../core/paths.ts';

export type Kind = 'boolean' | 'integer' | 'number' | 'string' | 'enum' | 'string[]' | 'integer[]';
/** Extra shape checks for strings. */
export type StringFormat = 'url' | 'listen' | 'env-name' | 'model' | 'path';

export interface Field {
  kind: Kind;
  /** What the key means (English; docs and `config init` comments). */
  doc: string;
  /** The default: a constant, or computed from the environment (then `defaultDoc` says how). */
  default?: unknown;
  computeDefault?: (env: NodeJS.ProcessEnv) => unknown;
  defaultDoc?: string;
  /** Inclusive bounds for numbers, and for each item of integer lists. */
  min?: number;
  max?: number;
  values?: readonly string[];
  format?: StringFormat;
  /** No default: the feature is off unless the key is set. */
  optional?: boolean;
  /** Shown masked by `config show` (may carry a token). */
  secret?: boolean;
  /** An example value (TOML) for optional keys, shown commented by `config init`. */
  example?: string;
}

export interface Table {
  doc: string;
  fields: Record<string, Field>;
  /** A free-form map (name → key or list of keys) instead of fixed fields: `[keys]`. */
  map?: { doc: string; example: string };
}

export const ANTHROPIC_MODEL_DEFAULT = 'claude-sonnet-4-6';

const percent = (doc: string, def: number): Field => ({
  kind: 'number',
  doc,
  default: def,
  min: 0,
  max: 100,
});
const seconds = (doc: string, def: number, min = 0, max = 7 * 86400): Field => ({
  kind: 'integer',
  doc,
  default: def,
  min,
  max,
});

export const SCHEMA: Record<string, Table> = {
  general: {
    doc: 'How Vigil runs.',
    fields: {
      mode: {
        kind: 'enum',
        values: ['observe', 'suggest', 'auto'],
        default: 'observe',
        doc: '`observe` notifies; `suggest` adds commands safe to paste; `auto` also applies provably safe fixes (see docs/security.md).',
      },
      interval_secs: {
        kind: 'number',
        default: 5,
        min: 0.1,
        max: 3600,
        doc: 'Seconds between two samples (`--interval` wins).',
      },
      language: {
        kind: 'enum',
        values: ['en', 'fr'],
        computeDefault: (env) => languageFromEnv(env),
        defaultDoc: '`fr` when `LC_ALL`/`LC_MESSAGES`/`LANG` starts with `fr`, else `en`',
        doc: 'Language of messages, notifications, the TUI and AI answers (`--lang` wins).',
      },
    },
  },
  thresholds: {
    doc: 'When the rules fire (rule ids in docs/rules.md).',
    fields: {
      ram_warn_percent: percent('`ram_high` fires (high) when used RAM stays above this percentage.', 80),
      ram_critical_percent: percent(
        '`ram_high` becomes critical above this percentage; at least `ram_warn_percent`.',
        90,
      ),
      ram_for_secs: seconds('How long RAM must stay above the warning level before `ram_high` fires.', 30),
      swap_warn_percent: percent('`swap_high` fires when used swap is above this percentage.', 50),
      cpu_load_factor: {
        kind: 'number',
        default: 2.0,
        min: 0.1,
        max: 100,
        doc: '`load_high` fires when load1 is above this factor times the number of cores.',
      },
      load_for_secs: seconds('How long the load must stay high before `load_high` fires.', 300),
      disk_min_free_percent: percent(
        '`disk_low` fires (high) when a filesystem has less free space (or inodes) than this.',
        10,
      ),
      disk_critical_free_percent: percent(
        '`disk_low` becomes critical under this free percentage; at most `disk_min_free_percent`.',
        5,
      ),
      max_duplicate_processes: {
        kind: 'integer',
        default: 5,
        min: 1,
        max: 100000,
        doc: '`duplicate_processes` fires when more processes than this share one normalized command line.',
      },
      storm_min_ram_mb: {
        kind: 'number',
        default: 1024,
        min: 1,
        max: 1048576,
        doc: '`ghost_process_storm` needs its processes to use together more RSS than the smaller of this many MiB and `storm_min_ram_percent` of RAM.',
      },
      storm_min_ram_percent: percent(
        '`ghost_process_storm` needs its processes to use together more RSS than the smaller of this share of total RAM and `storm_min_ram_mb`.',
        5,
      ),
      orphan_min_cpu_percent: {
        kind: 'number',
        default: 5,
        min: 0,
        max: 10000,
        doc: '`orphan_cpu` fires for an orphan using more than this CPU (% of one core) for three sampling intervals; it clears under half of it.',
      },
      zombie_timeout_secs: seconds(
        '`zombie` fires for a process left in state Z longer than this, counted from when Vigil first saw it (remembered across restarts).',
        300,
      ),
      temperature_cpu_max: {
        kind: 'number',
        default: 85,
        min: 20,
        max: 150,
        doc: '`temperature_high` fires when the CPU is hotter than this (°C).',
      },
      temperature_gpu_max: {
        kind: 'number',
        default: 80,
        min: 20,
        max: 150,
        doc: '`temperature_high` fires when a GPU is hotter than this (°C).',
      },
      leak_window_secs: seconds('`memory_leak` looks at RSS growth over this window.', 600, 10),
      leak_min_growth_mb: {
        kind: 'number',
        default: 100,
        min: 1,
        max: 1048576,
        doc: '`memory_leak` fires when RSS grew near-monotonically by more than this many MiB over the window.',
      },
    },
  },
  ai: {
    doc: 'Optional explanations by Claude (docs/ai.md). Off by default; nothing leaves the machine unless enabled.',
    fields: {
      enabled: {
        kind: 'boolean',
        default: false,
        doc: 'Ask Claude to explain new alerts and `vigil explain`.',
      },
      provider: { kind: 'enum', values: ['anthropic'], default: 'anthropic', doc: 'The AI provider.' },
      model: {
        kind: 'string',
        format: 'model',
        default: ANTHROPIC_MODEL_DEFAULT,
        doc: 'The Claude model id.',
      },
      api_key_env: {
        kind: 'string',
        format: 'env-name',
        default: 'ANTHROPIC_API_KEY',
        doc: 'Name of the environment variable holding the API key; when it is unset, the key stored in the system keyring by `vigil config set-key` is used. The key itself is never read from this file: a key written here is refused.',
      },
      max_tokens: {
        kind: 'integer',
        default: 1024,
        min: 1,
        max: 64000,
        doc: 'Upper bound on the tokens of one answer.',
      },
      cooldown_secs: seconds('At most one call per this many seconds.', 60, 0, 86400),
      max_calls_per_day: {
        kind: 'integer',
        default: 50,
        min: 0,
        max: 100000,
        doc: 'No more calls than this per day (0: never call).',
      },
      anonymize: {
        kind: 'boolean',
        default: false,
        doc: 'Also replace user and host names before anything is sent (secrets are always redacted).',
      },
    },
  },
  notifications: {
    doc: 'Where alerts go (docs/notifications.md).',
    fields: {
      desktop: { kind: 'boolean', default: true, doc: 'Desktop notifications through `notify-send`.' },
      terminal: { kind: 'boolean', default: true, doc: 'Alerts printed on the terminal (ANSI).' },
      log_file: {
        kind: 'string',
        format: 'path',
        computeDefault: (env) => join(defaultDataDir(env), 'vigil.log'),
        defaultDoc: '`$XDG_DATA_HOME/vigil/vigil.log` (`~/.local/share/vigil/vigil.log`)',
        doc: 'The JSON log: one event per line (`~/` is expanded), redacted, created 0600. An absolute or `~/` path to a file named `*.log` or `*.jsonl`: Vigil appends text any process chose, so it refuses any other name (`/root/.bashrc`). As root, a log path another user can write is refused at start.',
      },
      webhook_url: {
        kind: 'string',
        format: 'url',
        optional: true,
        secret: true,
        example: '"https://hooks.slack.com/services/T000/B000/XXXX"',
        doc: 'POST alerts here: Slack and Discord formats by URL, generic JSON otherwise. Off when unset.',
      },
      alertmanager_url: {
        kind: 'string',
        format: 'url',
        optional: true,
        secret: true,
        example: '"http://127.0.0.1:9093"',
        doc: 'Alertmanager base URL (API v2). Off when unset.',
      },
    },
  },
  allowlist: {
    doc: 'What Vigil leaves alone, whatever the mode (docs/security.md).',
    fields: {
      ignore_commands: {
        kind: 'string[]',
        default: [],
        doc:
          'Command globs whose processes never raise alerts (e.g. `"postgres*"`, `"*mcp_server.py*"`). ' +
          'A pattern is matched against the process name (comm), argv0 (the first word of the command ' +
          "line), the executable's base name (argv0's basename) and the whole command line. " +
          'Globs match the whole field: `*` any run of characters and `?` one character (neither ' +
          'ever a newline), `[abc]`, `[a-z]`, `[!a]` or `[^a]` (none of), a `]` right after the ' +
          'opening or the negation is literal (`[]]`, `[!]]`), `\\` makes the next character ' +
          "literal, inside brackets too (`\\*`; in TOML write it in single quotes: `'\\*'`), an " +
          'unclosed `[` is literal.',
      },
      protected_pids: {
        kind: 'integer[]',
        default: [1],
        min: 1,
        max: 4194304,
        doc: 'Pids never signalled by any path (PID 1 is always protected).',
      },
      protected_commands: {
        kind: 'string[]',
        default: ['sshd', 'systemd', 'dbus*'],
        doc:
          'Command globs never signalled by any path, with the syntax of `ignore_commands`. A pattern ' +
          "is matched against the process name (comm), argv0 and the executable's base name, never " +
          'the whole command line: a process chooses its arguments, so matching them would let any ' +
          'process protect itself.',
      },
    },
  },
  history: {
    doc: 'The SQLite history in the data dir.',
    fields: {
      retention_hours: {
        kind: 'integer',
        default: 168,
        min: 1,
        max: 87600,
        doc: 'Hours of history kept; older samples and events are pruned.',
      },
      snapshot_interval_secs: seconds('Seconds between two snapshots written to the history.', 60, 1, 86400),
    },
  },
  metrics: {
    doc: 'Prometheus metrics endpoint of the daemon.',
    fields: {
      listen: {
        kind: 'string',
        format: 'listen',
        optional: true,
        example: '"127.0.0.1:9464"',
        doc: 'Serve `/metrics` on HOST:PORT (`--metrics` wins). Off when unset.',
      },
    },
  },
  keys: {
    doc: 'Overrides of keymap bindings: command name = key or list of keys (see docs/keymaps.md).',
    fields: {},
    map: { doc: 'A keymap command name, bound to a key or a list of keys.', example: 'quit = ["q", "C-c"]' },
  },
  ui: {
    doc: 'The full-screen monitor (`vigil watch`).',
    fields: {
      keymap: {
        kind: 'enum',
        values: ['default', 'vim'],
        default: 'default',
        doc: '`default` (htop-like) or `vim`; `[keys]` overrides single bindings.',
      },
      theme: {
        kind: 'enum',
        values: ['dark', 'light', 'mono'],
        default: 'dark',
        doc: 'Colours for a dark or a light terminal background, or `mono` (attributes only). `NO_COLOR` and `--no-color` turn colour off whatever this says.',
      },
      sort: {
        kind: 'enum',
        values: ['cpu', 'mem', 'pid', 'name', 'age', 'time'],
        default: 'cpu',
        doc: 'The process table’s sort column at start (`time`: CPU time, htop’s TIME+).',
      },
      tree: { kind: 'boolean', default: false, doc: 'Start in tree view.' },
      kernel_threads: { kind: 'boolean', default: false, doc: 'Show kernel threads at start.' },
      columns: {
        kind: 'string[]',
        values: ['user', 'state', 'cpu', 'mem', 'rss', 'time', 'age', 'gpu'],
        default: ['user', 'state', 'cpu', 'mem', 'rss', 'time', 'age', 'gpu'],
        doc: 'Columns of the process table besides PID and the command, in this order (`gpu`: VRAM, shown when there is a GPU).',
      },
    },
  },
};

/** `fr` when LANG/LC_ALL/LC_MESSAGES says French, else `en`. */
export function languageFromEnv(env: NodeJS.ProcessEnv = process.env): 'en' | 'fr' {
  const lang = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return lang.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** The default of one field in this environment (undefined for optional keys). */
export function fieldDefault(field: Field, env: NodeJS.ProcessEnv): unknown {
  if (field.computeDefault) return field.computeDefault(env);
  return structuredClone(field.default);
}

/** Every key path `table.key` of the schema (maps excluded). */
export function allKeyPaths(): string[] {
  return Object.entries(SCHEMA).flatMap(([t, table]) => Object.keys(table.fields).map((k) => `${t}.${k}`));
}
