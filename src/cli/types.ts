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
  /** The value's placeholder in help (`FILE`); else the usage line's, else `N` / `VALUE`. */
  value?: string;
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
  /** Every command (set by the entry point), for the commands that describe the others. */
  table?: CommandTable;
}

/** The command table, as help, the man page and completion read it. */
export interface CommandTable {
  load(): Promise<Command[]>;
  /** Commands not typed as a word (`headless`, reached as `--headless`). */
  hidden: ReadonlySet<string>;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  flags: Record<string, FlagSpec>;
  /** Commands that must not fail on a broken config (config check/edit, health). */
  tolerateBadConfig?: boolean;
  run(ctx: CliContext): Promise<number>;
  /**
   * A failure of this command (parsing its line included) as this command reports it: the exit
   * code after writing its own output, or undefined for the usual one-line message on stderr.
   */
  failed?(err: unknown, argv: string[], stdout: NodeJS.WritableStream): number | undefined;
}
