// The effective configuration (SPEC §6). Keys mirror the TOML file: `[thresholds] ram_warn_percent`
// is `config.thresholds.ram_warn_percent` everywhere (code, docs, UI), one name per concept.
import type { Language } from '../i18n/catalogue.ts';

export type { Language };

export type Mode = 'observe' | 'suggest' | 'auto';

export interface VigilConfig {
  general: {
    mode: Mode;
    interval_secs: number;
    language: Language;
  };
  thresholds: {
    ram_warn_percent: number;
    ram_critical_percent: number;
    ram_for_secs: number;
    swap_warn_percent: number;
    cpu_load_factor: number;
    load_for_secs: number;
    disk_min_free_percent: number;
    disk_critical_free_percent: number;
    max_duplicate_processes: number;
    storm_min_ram_mb: number;
    storm_min_ram_percent: number;
    orphan_min_cpu_percent: number;
    zombie_timeout_secs: number;
    temperature_cpu_max: number;
    temperature_gpu_max: number;
    leak_window_secs: number;
    leak_min_growth_mb: number;
  };
  ai: {
    enabled: boolean;
    provider: 'anthropic';
    model: string;
    api_key_env: string;
    max_tokens: number;
    cooldown_secs: number;
    max_calls_per_day: number;
    anonymize: boolean;
  };
  notifications: {
    desktop: boolean;
    terminal: boolean;
    log_file: string;
    webhook_url?: string;
    alertmanager_url?: string;
  };
  allowlist: {
    ignore_commands: string[];
    protected_pids: number[];
    protected_commands: string[];
  };
  history: {
    retention_hours: number;
    snapshot_interval_secs: number;
  };
  metrics: {
    listen?: string;
  };
  keys: Record<string, string | string[]>;
  ui: {
    keymap: 'default' | 'vim';
    theme: 'dark' | 'light' | 'mono';
    sort: 'cpu' | 'mem' | 'pid' | 'name' | 'age' | 'time';
    tree: boolean;
    kernel_threads: boolean;
    columns: ('user' | 'state' | 'cpu' | 'mem' | 'rss' | 'time' | 'age' | 'gpu')[];
  };
}
