// The JSON log (notifications.log_file, SPEC §5): one event per line,
// `{time, event: fired|resolved|action|ai, …ALERT fields, action?: {type, target, outcome}}`.
// Writes are queued and appended in order off the caller's path; the file is rotated by size
// (vigil.log → vigil.log.1 → … → vigil.log.N). Every entry is redacted (SPEC §8) and appended
// through src/core/files.ts: created 0600, never through a symbolic link.
import { mkdirSync } from 'node:fs';
import { rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { appendPrivate, PRIVATE_DIR_MODE } from '../../core/files.ts';
import { redactDeep } from '../../core/redact.ts';
import type { AlertEvent, Logger } from '../../core/types.ts';
import type { ActionRecord, JsonLogWriter } from '../types.ts';

export interface JsonLogOptions {
  path: string;
  log: Logger;
  /** Rotate when the file would grow past this (default 10 MiB). */
  maxBytes?: number;
  /** Rotated generations kept (default 3). */
  keep?: number;
  /** Lines waiting at most (default 10000); past it the oldest are dropped, once logged. */
  maxQueue?: number;
}

export interface JsonLog extends JsonLogWriter {
  /** Resolves when every line written so far is on disk. */
  flush(): Promise<void>;
  readonly path: string;
}

export function createJsonLog(opts: JsonLogOptions): JsonLog {
  const maxBytes = opts.maxBytes ?? 10 * 1024 * 1024;
  const keep = Math.max(1, opts.keep ?? 3);
  const maxQueue = opts.maxQueue ?? 10000;
  const queue: string[] = [];
  let size: number | null = null;
  let draining: Promise<void> | null = null;
  let dirReady = false;

  async function rotate(): Promise<void> {
    for (let i = keep - 1; i >= 1; i--) {
      await rename(`${opts.path}.${i}`, `${opts.path}.${i + 1}`).catch(() => undefined);
    }
    await rename(opts.path, `${opts.path}.1`).catch(() => undefined);
    size = 0;
  }

  async function drain(): Promise<void> {
    while (queue.length) {
      const batch = queue.splice(0, queue.length);
      try {
        if (!dirReady) {
          mkdirSync(dirname(opts.path), { recursive: true, mode: PRIVATE_DIR_MODE });
          dirReady = true;
        }
        if (size === null)
          size = await stat(opts.path).then(
            (s) => s.size,
            () => 0,
          );
        // One open per run of lines between rotations.
        let chunk = '';
        for (const line of batch) {
          const bytes = Buffer.byteLength(line);
          if (size > 0 && size + bytes > maxBytes) {
            if (chunk) appendPrivate(opts.path, chunk);
            chunk = '';
            await rotate();
          }
          chunk += line;
          size += bytes;
        }
        if (chunk) appendPrivate(opts.path, chunk);
      } catch (err) {
        opts.log.once(`jsonlog:${(err as Error).message}`, 'warn', 'cannot write the JSON log', {
          path: opts.path,
          error: (err as Error).message,
        });
        size = null;
      }
    }
  }

  function kick(): void {
    if (draining) return;
    draining = drain().finally(() => {
      draining = null;
      if (queue.length) kick();
    });
  }

  return {
    path: opts.path,
    write(entry) {
      if (queue.length >= maxQueue) {
        queue.shift();
        opts.log.once('jsonlog:overflow', 'warn', 'JSON log queue full; dropping the oldest lines', {
          path: opts.path,
        });
      }
      queue.push(JSON.stringify(redactDeep(entry)) + '\n');
      kick();
    },
    async flush() {
      while (draining || queue.length) {
        kick();
        await draining;
      }
    },
  };
}

/** `{time, event, …ALERT}` for a fired or resolved alert. */
export function alertEntry(ev: AlertEvent): Record<string, unknown> {
  return { time: new Date(ev.time).toISOString(), event: ev.event, ...ev.alert };
}

/** `{time, event: 'action', …ALERT?, action: {type, target, outcome}, …}` for one decision. */
export function actionEntry(rec: ActionRecord): Record<string, unknown> {
  return {
    time: new Date(rec.time).toISOString(),
    event: 'action',
    ...(rec.alert ?? {}),
    action: {
      type: rec.type,
      target: rec.pid,
      outcome: rec.outcome,
      reason: rec.reason,
      code: rec.code,
      origin: rec.origin,
      signal: rec.signal,
      pids: rec.pids,
      dryRun: rec.dryRun,
      ...(rec.name !== undefined ? { name: rec.name } : {}),
      ...(rec.cmdline !== undefined ? { cmdline: rec.cmdline } : {}),
      ...(rec.alertId !== undefined ? { alertId: rec.alertId } : {}),
    },
  };
}
