// The `kernel` part: warnings and worse from the kernel log, plus OOM-killer reports as
// structured events. With journald the journal is streamed (journal.ts); without it (containers,
// PID 1 not systemd) /dev/kmsg is read non-blocking each tick (kmsg.ts). Events are never carried
// forward: each tick gets what arrived since the previous one.
import { existsSync } from 'node:fs';
import type { CollectContext, Collector, KernelEvent } from '../core/types.ts';
import { findOnPath, JOURNALCTL_ARGS, type JournalStream, journalStream } from './journal.ts';
import { type KmsgReader, type KmsgRecord, openKmsg } from './kmsg.ts';
import { oomTracker } from './oom.ts';
import { ProcFileReader } from './procfs.ts';

/** Keep warnings and worse (syslog 0–4); OOM reports are kept whatever their level. */
export const MAX_PRIORITY = 4;

export interface KernelLogOptions {
  env?: NodeJS.ProcessEnv;
  /** Also report kmsg records up to this many seconds older than the collector (default 0). */
  lookbackSecs?: number;
  /** journald's socket: when present (and journalctl is found) the journal is the source. */
  journalSocket?: string;
  journalBackoffMs?: number;
  /** Log an unreadable kernel log at debug level (one-shot commands). */
  quietAbsence?: boolean;
}

export type KernelLogSource = 'journal' | 'kmsg' | 'none';

/**
 * Which source to use: VIGIL_JOURNALCTL forces the journal with that binary (tests); a running
 * journald (its socket) with journalctl on PATH gives the journal; otherwise /dev/kmsg.
 */
export function chooseKernelSource(
  env: NodeJS.ProcessEnv,
  journalSocket: string,
): { source: 'journal'; command: string } | { source: 'kmsg' } {
  if (env.VIGIL_JOURNALCTL) return { source: 'journal', command: env.VIGIL_JOURNALCTL };
  if (existsSync(journalSocket)) {
    const bin = findOnPath('journalctl', env);
    if (bin) return { source: 'journal', command: bin };
  }
  return { source: 'kmsg' };
}

/** Seconds since boot from /proc/uptime. */
export function parseUptime(text: string): number | null {
  const v = Number(text.trim().split(/\s+/)[0]);
  return Number.isFinite(v) ? v : null;
}

export function kmsgToEvent(r: KmsgRecord, bootEpochMs: number): KernelEvent {
  return {
    time: Math.round(bootEpochMs + r.usec / 1000),
    source: 'kmsg',
    priority: r.priority,
    message: r.message,
  };
}

export function kernelLogCollector(opts: KernelLogOptions = {}): Collector<'kernel'> {
  const env = opts.env ?? process.env;
  const lookbackUsec = Math.max(0, opts.lookbackSecs ?? 0) * 1e6;
  const tracker = oomTracker();
  let state: 'init' | KernelLogSource = 'init';
  let kmsg: KmsgReader | null = null;
  let journal: JournalStream | null = null;
  let bootEpochMs = 0;
  let sinceUsec = 0;

  function keep(e: KernelEvent): boolean {
    return e.priority <= MAX_PRIORITY || e.oom !== undefined;
  }

  function init(ctx: CollectContext): void {
    const choice = chooseKernelSource(env, opts.journalSocket ?? '/run/systemd/journal/socket');
    if (choice.source === 'journal') {
      journal = journalStream({
        command: choice.command,
        // With a look-back the journal replays it first (`--since`), then follows.
        ...(lookbackUsec > 0
          ? { args: [...JOURNALCTL_ARGS.slice(0, -2), '--since', `-${Math.round(lookbackUsec / 1e6)}s`] }
          : {}),
        log: ctx.log,
        now: () => ctx.clock.now(),
        ...(opts.journalBackoffMs ? { backoffMs: opts.journalBackoffMs } : {}),
      });
      state = 'journal';
      ctx.log.debug('kernel log source', { source: 'journal', command: choice.command });
      return;
    }
    const path = `${ctx.roots.dev}/kmsg`;
    try {
      kmsg = openKmsg(path);
    } catch (err) {
      state = 'none';
      ctx.log.once(
        'kmsg-unreadable',
        opts.quietAbsence ? 'debug' : 'info',
        'kernel log not readable; OOM kills will not be seen',
        {
          path,
          error: (err as NodeJS.ErrnoException).code ?? (err as Error).message,
        },
      );
      return;
    }
    const uptime = parseUptime(new ProcFileReader(256).read(`${ctx.roots.proc}/uptime`) ?? '');
    const now = ctx.clock.now();
    bootEpochMs = uptime === null ? now : now - uptime * 1000;
    // The ring buffer holds history from boot; only what happens from now on (or a short
    // look-back) is news.
    sinceUsec = uptime === null ? 0 : Math.max(0, uptime * 1e6 - lookbackUsec);
    state = 'kmsg';
    ctx.log.debug('kernel log source', { source: 'kmsg', path });
  }

  return {
    name: 'kernel',
    carryForward: false,
    collect(ctx: CollectContext): KernelEvent[] {
      if (state === 'init') init(ctx);
      if (state === 'journal' && journal) return journal.drain().map(tracker.annotate).filter(keep);
      if (state !== 'kmsg' || !kmsg) return [];
      let records: KmsgRecord[];
      try {
        records = kmsg.drain();
      } catch (err) {
        ctx.log.once('kmsg-read', 'warn', 'cannot read the kernel log', {
          error: (err as NodeJS.ErrnoException).code ?? (err as Error).message,
        });
        return [];
      }
      const out: KernelEvent[] = [];
      for (const r of records) {
        // Annotate everything (the OOM summary line is info level), keep only what matters.
        const e = tracker.annotate(kmsgToEvent(r, bootEpochMs));
        if (r.usec >= sinceUsec && keep(e)) out.push(e);
      }
      return out;
    },
    async close() {
      kmsg?.close();
      kmsg = null;
      await journal?.close();
      journal = null;
    },
  };
}
