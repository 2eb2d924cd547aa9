import { join } from 'node:path';
import { defaultDataDir } from '../core/paths.ts';
import type { Language, VigilConfig } from './types.ts';

export const DEFAULT_MODEL = 'claude-sonnet-4-5';

/** `fr` when LANG/LC_ALL/LC_MESSAGES says French, else `en`. */
export function languageFromEnv(env: NodeJS.ProcessEnv = process.env): Language {
  const lang = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return lang.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Every default of SPEC §6 (a fresh object each call). */
export function defaultConfig(env: NodeJS.ProcessEnv = process.env): VigilConfig {
  return {
    general: { mode: 'observe', interval_secs: 5, language: languageFromEnv(env) },
    thresholds: {
      ram_warn_percent: 80,
      ram_critical_percent: 90,
      ram_for_secs: 30,
      swap_warn_percent: 50,
      cpu_load_factor: 2.0,
      load_for_secs: 300,
      disk_min_free_percent: 10,
      disk_critical_free_percent: 5,
      max_duplicate_processes: 5,
      zombie_timeout_secs: 300,
      temperature_cpu_max: 85,
      temperature_gpu_max: 80,
      leak_window_secs: 600,
      leak_min_growth_mb: 100,
    },
    ai: {
      enabled: false,
      provider: 'anthropic',
      model: DEFAULT_MODEL,
      api_key_env: 'ANTHROPIC_API_KEY',
      max_tokens: 1024,
      cooldown_secs: 60,
      max_calls_per_day: 50,
      anonymize: false,
    },
    notifications: {
      desktop: true,
      terminal: true,
      log_file: join(defaultDataDir(env), 'vigil.log'),
    },
    allowlist: {
      ignore_commands: [],
      protected_pids: [1],
      protected_commands: ['sshd', 'systemd', 'dbus*'],
    },
    history: { retention_hours: 168, snapshot_interval_secs: 60 },
    metrics: {},
    keys: {},
    ui: { keymap: 'default' },
  };
}
