// Reload for long-running hosts (daemon on SIGHUP, TUI on its reload key): the new config and
// what changed, or the problems, never a half-applied config. The caller keeps `current` on error.
import { configChanges } from './diff.ts';
import { ConfigError, type LoadOptions, loadConfig } from './load.ts';
import type { VigilConfig } from './types.ts';

export type ReloadResult =
  | { ok: true; config: VigilConfig; path: string | null; changed: Record<string, unknown> }
  | { ok: false; problems: string[] };

export interface ReloadOptions extends LoadOptions {
  /** Re-apply command-line flags (they win over the file), e.g. --interval, --mode, --lang. */
  overrides?: (config: VigilConfig) => void;
}

export function reloadConfig(current: VigilConfig, opts: ReloadOptions = {}): ReloadResult {
  try {
    const next = loadConfig(opts);
    opts.overrides?.(next.config);
    return { ok: true, config: next.config, path: next.path, changed: configChanges(current, next.config) };
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, problems: err.problems };
    return { ok: false, problems: [(err as Error).message] };
  }
}
