// The wrapper every notifier runs in (SPEC §10): a bounded queue, a rate limit, retries with
// exponential backoff and a timeout per attempt. push() only appends to an array: nothing a
// channel does (a webhook that hangs, a slow notify-send) can make the engine wait.

import { realClock } from '../../core/clock.ts';
import type { Logger } from '../../core/types.ts';
import { ChannelUnavailable, type Notice, type Notifier } from './types.ts';

export interface ChannelOptions {
  /** Notices waiting at most; past it the oldest are dropped (default 100). */
  maxQueue?: number;
  /** Sends allowed per `ratePeriodMs` (default 10 per 60 s); the rest wait and are grouped. */
  rateLimit?: number;
  ratePeriodMs?: number;
  /** Notices sent together at most (default 20). */
  maxBatch?: number;
  /** Attempts after the first (default 3), waiting backoffMs × 2^n (+ jitter) between them. */
  retries?: number;
  backoffMs?: number;
  /** One attempt is abandoned after this (default 5000 ms). */
  timeoutMs?: number;
  /** Testing hook: observe each attempt. */
  onAttempt?: (info: { attempt: number; ok: boolean; error?: string; size: number }) => void;
}

export interface ChannelStats {
  sent: number;
  failed: number;
  dropped: number;
  attempts: number;
  queued: number;
  unavailable: boolean;
}

export interface Channel {
  readonly name: string;
  push(notice: Notice): void;
  /** Wait until the queue is empty or `timeoutMs` passed. */
  flush(timeoutMs?: number): Promise<void>;
  /** Stop: pending attempts are aborted, the queue is flushed for at most `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
  stats(): ChannelStats;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

export function createChannel(notifier: Notifier, log: Logger, opts: ChannelOptions = {}): Channel {
  const maxQueue = opts.maxQueue ?? 100;
  const rateLimit = Math.max(1, opts.rateLimit ?? 10);
  const ratePeriodMs = opts.ratePeriodMs ?? 60_000;
  const maxBatch = Math.max(1, opts.maxBatch ?? 20);
  const retries = Math.max(0, opts.retries ?? 3);
  const backoffMs = opts.backoffMs ?? 1000;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const queue: Notice[] = [];
  const sends: number[] = [];
  const stats: ChannelStats = { sent: 0, failed: 0, dropped: 0, attempts: 0, queued: 0, unavailable: false };
  const stopper = new AbortController();
  let worker: Promise<void> | null = null;

  async function attempt(batch: Notice[]): Promise<void> {
    const ctrl = new AbortController();
    const onStop = () => ctrl.abort(new Error('channel stopped'));
    stopper.signal.addEventListener('abort', onStop, { once: true });
    let timer: NodeJS.Timeout | undefined;
    try {
      // The race guarantees the timeout even if a notifier ignores its abort signal.
      await Promise.race([
        notifier.send(batch, ctrl.signal),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            ctrl.abort(new Error(`timed out after ${timeoutMs} ms`));
            reject(new Error(`timed out after ${timeoutMs} ms`));
          }, timeoutMs);
        }),
        new Promise<never>((_, reject) => {
          if (stopper.signal.aborted) reject(new Error('channel stopped'));
          stopper.signal.addEventListener('abort', () => reject(new Error('channel stopped')), {
            once: true,
          });
        }),
      ]);
    } finally {
      clearTimeout(timer);
      stopper.signal.removeEventListener('abort', onStop);
    }
  }

  async function deliver(batch: Notice[]): Promise<void> {
    for (let i = 0; i <= retries; i++) {
      if (stopper.signal.aborted && i > 0) break;
      stats.attempts++;
      try {
        await attempt(batch);
        stats.sent += batch.length;
        opts.onAttempt?.({ attempt: i, ok: true, size: batch.length });
        return;
      } catch (err) {
        const message = (err as Error).message;
        opts.onAttempt?.({ attempt: i, ok: false, error: message, size: batch.length });
        if (err instanceof ChannelUnavailable) {
          // Sticky: logged once, the channel stays off until restart or reload.
          log.warn('notification channel unavailable; it stays off', {
            channel: notifier.name,
            why: message,
          });
          stats.unavailable = true;
          stats.dropped += batch.length + queue.length;
          queue.length = 0;
          return;
        }
        log.once(`channel:${notifier.name}:${message}`, 'warn', 'notification channel failed; retrying', {
          channel: notifier.name,
          error: message,
        });
        if (i < retries) await sleep(backoffMs * 2 ** i * (1 + Math.random() * 0.2), stopper.signal);
      }
    }
    stats.failed += batch.length;
    log.warn('notification dropped after retries', { channel: notifier.name, notices: batch.length });
  }

  async function run(): Promise<void> {
    while (queue.length && !stats.unavailable) {
      // Rate limit: at most `rateLimit` sends per period; the queue meanwhile groups notices.
      const now = realClock.monotonic();
      while (sends.length && now - sends[0]! >= ratePeriodMs) sends.shift();
      if (sends.length >= rateLimit) {
        if (stopper.signal.aborted) break;
        await sleep(ratePeriodMs - (now - sends[0]!), stopper.signal);
        continue;
      }
      sends.push(now);
      const batch = queue.splice(0, maxBatch);
      await deliver(batch);
    }
    stats.queued = queue.length;
  }

  function kick(): void {
    if (worker) return;
    worker = run().finally(() => {
      worker = null;
      if (queue.length && !stats.unavailable && !stopper.signal.aborted) kick();
    });
  }

  const idle = async (timeoutMs: number): Promise<void> => {
    const deadline = realClock.monotonic() + timeoutMs;
    while (worker && realClock.monotonic() < deadline) {
      // A cancellable wait: a pending timer would keep a short-lived process (vigil kill) alive.
      const done = new AbortController();
      await Promise.race([
        worker.catch(() => undefined),
        sleep(Math.max(0, deadline - realClock.monotonic()), done.signal),
      ]);
      done.abort();
    }
  };

  return {
    name: notifier.name,
    push(notice) {
      if (stats.unavailable) {
        stats.dropped++;
        return;
      }
      if (queue.length >= maxQueue) {
        queue.shift();
        stats.dropped++;
        log.once(`channel-full:${notifier.name}`, 'warn', 'notification queue full; dropping the oldest', {
          channel: notifier.name,
          maxQueue,
        });
      }
      queue.push(notice);
      stats.queued = queue.length;
      kick();
    },
    flush: (timeoutMs = 5000) => idle(timeoutMs),
    async stop(timeoutMs = 1000) {
      await idle(timeoutMs);
      stopper.abort();
      await idle(200);
    },
    stats: () => ({ ...stats, queued: queue.length }),
  };
}
