import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$XDG_CONFIG_HOME/vigil/config.toml` (default `~/.config/vigil/config.toml`). */
export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'vigil', 'config.toml');
}

/** `$XDG_DATA_HOME/vigil` (default `~/.local/share/vigil`); `VIGIL_DATA_DIR` wins. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VIGIL_DATA_DIR) return env.VIGIL_DATA_DIR;
  const base = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share');
  return join(base, 'vigil');
}

/** Expand a leading `~/` in a configured path. */
export function expandHome(p: string, env: NodeJS.ProcessEnv = process.env): string {
  return p === '~' || p.startsWith('~/') ? join(env.HOME || homedir(), p.slice(1)) : p;
}

/**
 * The log file in force: `notifications.log_file`, except that the default one follows
 * `--data-dir` (the default is computed from the environment before flags are known).
 */
export function logFilePath(
  logFile: string,
  dataDir: string,
  defaultDataDirPath: string,
  home: string | undefined,
): string {
  const expanded = logFile === '~' || logFile.startsWith('~/') ? `${home ?? ''}${logFile.slice(1)}` : logFile;
  const defaultFile = `${defaultDataDirPath}/vigil.log`;
  return expanded === defaultFile && dataDir !== defaultDataDirPath ? `${dataDir}/vigil.log` : expanded;
}
