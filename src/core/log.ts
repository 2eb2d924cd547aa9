import { fstatSync } from 'node:fs';
import { redact, redactDeep } from './redact.ts';
import type { Logger, LogLevel } from './types.ts';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
/** sd-daemon(3) priorities: journald stores a `<N>`-prefixed line at that level. */
const PRIORITY: Record<LogLevel, number> = { debug: 7, info: 6, warn: 4, error: 3 };

/**
 * Whether `fd` (stderr) is connected to journald: systemd sets JOURNAL_STREAM to the
 * `DEVICE:INODE` of the stream it gives a service (systemd.exec(5)); a child that inherited the
 * variable but writes elsewhere must not prefix.
 */
export function isJournalStream(env: NodeJS.ProcessEnv = process.env, fd = 2): boolean {
  if (!env.JOURNAL_STREAM) return false;
  try {
    const st = fstatSync(fd, { bigint: true });
    return env.JOURNAL_STREAM === `${st.dev}:${st.ino}`;
  } catch {
    return false;
  }
}

/** A fatal message for stderr: under journald each of its lines is stored as an error (`<3>`). */
export function stderrError(text: string, journal = isJournalStream()): string {
  return journal ? text.replace(/^/gm, '<3>') : text;
}

export interface LoggerOptions {
  /** Where lines go (default: stderr). */
  write?: (line: string) => void;
  level?: LogLevel;
  /** One JSON object per line (daemon) or `level event k=v` (interactive). */
  json?: boolean;
  now?: () => number;
  /** Prefix each line with its `<N>` priority (default: when stderr is journald's stream). */
  journal?: boolean;
}

/**
 * A structured logger: JSON lines for journald, or short human lines. Every line is redacted
 * (SPEC §8: stderr and the TUI's log are persisted), so a command line logged by any module
 * cannot leak the secrets in it.
 */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const write = opts.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const min = ORDER[opts.level ?? 'info'];
  const json = opts.json ?? true;
  const now = opts.now ?? Date.now;
  const journal = opts.journal ?? (!opts.write && isJournalStream());
  const seen = new Set<string>();
  const log = (level: LogLevel, rawEvent: string, rawFields: Record<string, unknown> = {}): void => {
    if (ORDER[level] < min) return;
    const prefix = journal ? `<${PRIORITY[level]}>` : '';
    const event = redact(rawEvent);
    const fields = redactDeep(rawFields);
    if (json) {
      write(prefix + JSON.stringify({ time: new Date(now()).toISOString(), level, event, ...fields }));
    } else {
      const rest = Object.entries(fields)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      write(`${prefix}vigil: ${level}: ${event}${rest ? ' ' + rest : ''}`);
    }
  };
  return {
    log,
    debug: (e, f) => log('debug', e, f),
    info: (e, f) => log('info', e, f),
    warn: (e, f) => log('warn', e, f),
    error: (e, f) => log('error', e, f),
    once(key, level, event, fields) {
      if (seen.has(key)) return;
      seen.add(key);
      log(level, event, fields);
    },
  };
}

/** A logger that keeps lines in memory (tests, or to replay into a UI). */
export function memoryLogger(level: LogLevel = 'debug'): Logger & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const inner = createLogger({ level, json: true, write: (l) => lines.push(JSON.parse(l)) });
  return Object.assign(inner, { lines });
}
