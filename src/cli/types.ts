import type { VigilConfig } from '../config/types.ts';
import type { Logger } from '../core/types.ts';

export type FlagType = 'string' | 'boolean' | 'number';
export interface FlagSpec {
  type: FlagType;
  shortFlag?: string;
  /** Allowed values for string flags. */
  choices?: readonly string[];
  isMultiple?: boolean;
  description: string;
}

/** What every command gets: parsed input, flags, the effective config and the streams. */
export interface CliContext {
  command: string;
  /** Positional arguments after the command name. */
  input: string[];
  flags: Record<string, unknown>;
  config: VigilConfig;
  /** The config file in force, or null when only defaults apply. */
  configPath: string | null;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  isTTY: boolean;
  color: boolean;
  log: Logger;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  flags: Record<string, FlagSpec>;
  /** Commands that must not fail on a broken config (config check/edit, health). */
  tolerateBadConfig?: boolean;
  run(ctx: CliContext): Promise<number>;
}
