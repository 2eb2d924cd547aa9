// The systemd journal: `journalctl -o json -p warning -f -n 0` streamed through execa (a fixed
// argument list, no shell), one JSON object per line; restarted with exponential backoff when it
// exits. Lines are parsed into KernelEvents; every foreign string is sanitised.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { sanitize } from '../core/sanitize.ts';
import type { KernelEvent, Logger } from '../core/types.ts';

export const JOURNALCTL_ARGS = ['-o', 'json', '-p', 'warning', '-f', '-n', '0'] as const;

/** MESSAGE is a string, or an array of bytes when it is not valid UTF-8, or null. */
function messageText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((b) => Number.isInteger(b) && b >= 0 && b < 256)) {
    return Buffer.from(v as number[]).toString('utf8');
  }
  return null;
}

/** One `journalctl -o json` line → KernelEvent (null for noise or malformed lines). */
export function parseJournalLine(line: string, now: number): KernelEvent | null {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!o || typeof o !== 'object') return null;
  const message = messageText(o.MESSAGE);
  if (message === null) return null;
  const usec = Number(o.__REALTIME_TIMESTAMP);
  const priority = Number(o.PRIORITY);
  const unit = typeof o._SYSTEMD_UNIT === 'string' ? o._SYSTEMD_UNIT : undefined;
  const ident = typeof o.SYSLOG_IDENTIFIER === 'string' ? o.SYSLOG_IDENTIFIER : undefined;
  const from = unit ?? ident ?? (o._TRANSPORT === 'kernel' ? 'kernel' : undefined);
  const event: KernelEvent = {
    time: Number.isFinite(usec) && usec > 0 ? Math.floor(usec / 1000) : now,
    source: 'journal',
    priority: Number.isInteger(priority) && priority >= 0 && priority <= 7 ? priority : 6,
    message: sanitize(message, 2048),
  };
  if (from) event.unit = sanitize(from, 256);
  return event;
}

export interface JournalStreamOptions {
  command: string;
  args?: readonly string[];
  log: Logger;
  now: () => number;
  /** First restart delay (default 1 s), doubled up to maxBackoffMs (default 60 s). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Events kept between two drains (default 2000; the oldest are dropped). */
  capacity?: number;
}

export interface JournalStream {
  drain(): KernelEvent[];
  /** How many times journalctl was started. */
  readonly starts: number;
  close(): Promise<void>;
}

/** Keep `journalctl -f` running and buffer what it prints until the next drain. */
export function journalStream(opts: JournalStreamOptions): JournalStream {
  const capacity = opts.capacity ?? 2000;
  const base = opts.backoffMs ?? 1000;
  const max = opts.maxBackoffMs ?? 60_000;
  let queue: KernelEvent[] = [];
  let dropped = 0;
  let delay = base;
  let closed = false;
  let starts = 0;
  let timer: NodeJS.Timeout | null = null;
  let child: { kill(signal?: NodeJS.Signals): boolean } | null = null;
  let exited: Promise<unknown> = Promise.resolve();

  async function run(): Promise<void> {
    if (closed) return;
    const { execa } = await import('execa');
    const { createInterface } = await import('node:readline');
    if (closed) return;
    starts++;
    const startedAt = opts.now();
    const sub = execa(opts.command, [...(opts.args ?? JOURNALCTL_ARGS)], {
      reject: false,
      stdin: 'ignore',
      stderr: 'ignore',
      buffer: false,
      env: { SYSTEMD_COLORS: '0', SYSTEMD_PAGER: '' },
    });
    child = sub;
    exited = sub;
    if (sub.stdout) {
      const rl = createInterface({ input: sub.stdout, crlfDelay: Number.POSITIVE_INFINITY });
      rl.on('line', (line) => {
        const e = parseJournalLine(line, opts.now());
        if (!e) return;
        queue.push(e);
        if (queue.length > capacity) {
          queue.shift();
          dropped++;
        }
      });
    }
    const r = await sub;
    child = null;
    if (closed) return;
    // A run that lasted a while resets the backoff: only a crash loop backs off.
    if (opts.now() - startedAt > 60_000) delay = base;
    const why = r.failed ? (r.code ?? r.shortMessage) : `exit ${r.exitCode}`;
    opts.log.once('journal-exit', 'warn', 'journalctl stopped; restarting with backoff', {
      reason: sanitize(String(why), 200),
      retryMs: delay,
    });
    opts.log.debug('journalctl restart', { reason: sanitize(String(why), 200), retryMs: delay });
    timer = setTimeout(() => {
      timer = null;
      void run();
    }, delay);
    delay = Math.min(max, delay * 2);
  }

  void run().catch((err: unknown) => {
    opts.log.once('journal-start', 'warn', 'cannot start journalctl', { error: (err as Error).message });
  });

  return {
    drain() {
      if (dropped) {
        opts.log.once('journal-dropped', 'warn', 'journal lines dropped (too many between two ticks)', {
          dropped,
        });
        dropped = 0;
      }
      const out = queue;
      queue = [];
      return out;
    },
    get starts() {
      return starts;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      child?.kill('SIGTERM');
      await Promise.race([exited.catch(() => undefined), new Promise((r) => setTimeout(r, 500).unref())]);
      child?.kill('SIGKILL');
    },
  };
}

/** True for an executable regular file (optional tools: journalctl, nvidia-smi). */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first executable `name` in env.PATH, or null. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    if (isExecutable(p)) return p;
  }
  return null;
}
