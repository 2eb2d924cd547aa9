// The daemon's side of systemd's notify protocol (`Type=notify`, `WatchdogSec=`): READY=1 after
// the first tick, WATCHDOG=1 from the tick loop every half watchdog period (not every tick), so
// a loop that hangs stops pinging and systemd restarts it; STOPPING=1 on the way out.
//
// Node cannot send a unix datagram (dgram is UDP only, net is streams only), so each message is
// sent by `systemd-notify` (shipped with systemd) as a short-lived child. systemd accepts a
// message from a process other than the main one only with `NotifyAccess=all`, which both units
// set; since systemd 246 `systemd-notify` waits until the manager has read the message, so it
// is not lost when the child exits first. Cost, measured (docs/operations.md, "Watchdog"): ~4 ms
// of CPU per ping, parent and child together; at the units' WatchdogSec=60s that is one ping
// every 30 s, about 0.01 % of a core.
//
// The child goes through runFile (src/core/run-file.ts): the one child a daemon under systemd
// starts all its life does not load execa.
import { runFile } from '../core/run-file.ts';
import type { Logger } from '../core/types.ts';

/** What systemd told this process, read from (and then removed from) its environment. */
export interface NotifyTarget {
  /** The notify socket's address (`/run/…/notify`, or `@abstract`). */
  socket: string;
  /** The watchdog period, when the unit has WatchdogSec= and it is meant for this pid. */
  watchdogMs: number | null;
}

/**
 * NOTIFY_SOCKET / WATCHDOG_USEC / WATCHDOG_PID as sd_notify(3) reads them; null when not run by
 * systemd with Type=notify. A WATCHDOG_PID that is not `pid` means the watchdog is someone
 * else's. Pure.
 */
export function notifyTarget(env: NodeJS.ProcessEnv, pid: number): NotifyTarget | null {
  const socket = env.NOTIFY_SOCKET;
  if (!socket || !(socket.startsWith('/') || socket.startsWith('@'))) return null;
  const usec = Number(env.WATCHDOG_USEC);
  const forUs = !env.WATCHDOG_PID || Number(env.WATCHDOG_PID) === pid;
  const watchdogMs = forUs && Number.isFinite(usec) && usec > 0 ? usec / 1000 : null;
  return { socket, watchdogMs };
}

/** The variables children must not inherit (sd_notify's unset_environment). */
export const NOTIFY_ENV = ['NOTIFY_SOCKET', 'WATCHDOG_USEC', 'WATCHDOG_PID'] as const;

/**
 * The watchdog period to work with, given the sampling interval: pings only happen on ticks, so
 * a period shorter than three intervals would kill a healthy daemon (one slow tick and the ping
 * comes late). Then the daemon asks systemd for three intervals instead (WATCHDOG_USEC=). Pure.
 */
export function watchdogPlan(
  watchdogMs: number,
  intervalSecs: number,
): { periodMs: number; pingEveryMs: number } {
  const periodMs = Math.ceil(Math.max(watchdogMs, 3 * intervalSecs * 1000));
  return { periodMs, pingEveryMs: periodMs / 2 };
}

/** Sends one notify message (its assignments); resolves when sent or given up. */
export type NotifySend = (assignments: string[]) => Promise<void>;

/** `systemd-notify A=1 B=2` with only NOTIFY_SOCKET in its environment, bounded in time. */
export function systemdNotifySend(socket: string, log: Logger): NotifySend {
  return async (assignments) => {
    // Nothing kills the child when the daemon exits: STOPPING=1 is sent on the way out.
    const r = await runFile('systemd-notify', assignments, {
      env: { NOTIFY_SOCKET: socket, PATH: process.env.PATH ?? '/usr/bin:/bin' },
      timeoutMs: 5000,
    });
    if (r.error) {
      log.once(
        'sd-notify',
        'warn',
        'cannot notify systemd (systemd-notify failed); the watchdog may restart Vigil',
        { error: (r.stderr.trim() || r.error).split('\n')[0] },
      );
    }
  };
}

export interface SystemdNotifier {
  /** Call after every tick: READY the first time, then WATCHDOG when half the period has passed. */
  ticked(status: string): void;
  /** A new sampling interval (config reload). */
  setInterval(intervalSecs: number): void;
  /** STOPPING=1 (not awaited: the stop must stay within 2 s). */
  stopping(): void;
  /** Messages in flight, for tests and a clean shutdown. */
  idle(): Promise<void>;
}

/**
 * The notifier for one daemon. `now` is a monotonic clock in ms. At most one message is in
 * flight: a ping due while the previous one is still being sent is skipped (the next tick sends).
 */
export function createSystemdNotifier(opts: {
  target: NotifyTarget;
  intervalSecs: number;
  send: NotifySend;
  now: () => number;
  log: Logger;
}): SystemdNotifier {
  const { target, send, now, log } = opts;
  const unit = target.watchdogMs;
  let plan = unit === null ? null : watchdogPlan(unit, opts.intervalSecs);
  /** The period systemd enforces now (the unit's, until the daemon asks for another). */
  let enforcedMs = unit;
  let ready = false;
  let lastPing = 0;
  let inFlight: Promise<void> | null = null;

  const emit = (assignments: string[]): boolean => {
    if (inFlight) return false;
    inFlight = send(assignments).finally(() => {
      inFlight = null;
    });
    return true;
  };
  /** Send `assignments`, plus WATCHDOG_USEC= when the plan's period is not the one enforced. */
  const sendWith = (assignments: string[]): boolean => {
    const periodMs = plan?.periodMs ?? enforcedMs;
    const change = periodMs !== enforcedMs ? [`WATCHDOG_USEC=${(periodMs ?? 0) * 1000}`] : [];
    if (!emit([...assignments, ...change])) return false;
    if (change.length) {
      log.info('watchdog period set', {
        unitSecs: (unit ?? 0) / 1000,
        watchdogSecs: (periodMs ?? 0) / 1000,
      });
      enforcedMs = periodMs;
    }
    return true;
  };

  return {
    ticked(status) {
      const t = now();
      if (!ready) {
        ready = sendWith(['READY=1', `STATUS=${status}`]);
        lastPing = t;
        return;
      }
      if (plan && t - lastPing >= plan.pingEveryMs && sendWith(['WATCHDOG=1', `STATUS=${status}`]))
        lastPing = t;
    },
    setInterval(intervalSecs) {
      if (unit !== null) plan = watchdogPlan(unit, intervalSecs);
    },
    stopping() {
      void send(['STOPPING=1']);
    },
    async idle() {
      await inFlight;
    },
  };
}
