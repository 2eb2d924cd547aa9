// The TUI's doors for renice (F7 / F8) and thread rows (H): renice through the actions' policy
// (src/actions/nice.ts, origin 'tui'; recorded in the action ledger like a kill), threads read on request from /proc through src/proc (the
// screen itself never reads /proc). Both resolve, never reject.
import { type ActionDeps, actionDeps } from '../src/actions/index.ts';
import { requestRenice } from '../src/actions/nice.ts';
import type { VigilConfig } from '../src/config/types.ts';
import { rootsFromEnv } from '../src/core/roots.ts';
import type { Logger } from '../src/core/types.ts';
import { t } from '../src/i18n/index.ts';
import { readThreads } from '../src/proc/threads.ts';
import type { Ports } from './effects.ts';
import type { ThreadInfo } from './processes.ts';

/** /proc tick counters are in USER_HZ, 100 on every Linux ABI. */
const USER_HZ = 100;

export interface ProcPortsOptions {
  config: () => VigilConfig;
  log: Logger;
  now?: () => number;
  /** The actions' dependencies with the action ledger (ports.ts); default: no ledger, no JSON log. */
  deps?: () => Promise<ActionDeps>;
}

export function procPorts(opts: ProcPortsOptions): Required<Pick<Ports, 'renice' | 'threads'>> {
  const now = opts.now ?? Date.now;
  const roots = rootsFromEnv();
  // The last reading of each thread, for its CPU% over the time since.
  let last = new Map<string, { ticks: number; at: number }>();
  return {
    async renice(target, delta) {
      try {
        const deps = opts.deps
          ? await opts.deps()
          : actionDeps({ config: opts.config(), log: opts.log, jsonLog: null });
        const r = requestRenice(
          { pid: target.pid, startTicks: target.startTicks, delta, origin: 'tui' },
          deps,
        );
        return {
          ok: r.outcome === 'done',
          outcome: r.outcome,
          reason: r.reason,
          ...(r.from !== undefined ? { from: r.from } : {}),
          ...(r.to !== undefined ? { to: r.to } : {}),
        };
      } catch (err) {
        const error = (err as Error).message;
        return {
          ok: false,
          outcome: 'failed',
          reason: t(opts.config().general.language, 'nice.error', { error }),
        };
      }
    },
    async threads(pids) {
      const at = now();
      const seen = new Map<string, { ticks: number; at: number }>();
      const out = new Map<number, ThreadInfo[]>();
      for (const pid of pids) {
        const list = readThreads(roots, pid).map((th): ThreadInfo => {
          const key = `${th.tid}:${th.startTicks}`;
          const before = last.get(key);
          seen.set(key, { ticks: th.cpuTicks, at });
          const dt = before ? (at - before.at) / 1000 : 0;
          const cpuPercent =
            before && dt > 0 ? Math.max(0, ((th.cpuTicks - before.ticks) / USER_HZ / dt) * 100) : null;
          return { ...th, cpuPercent, cpuSeconds: th.cpuTicks / USER_HZ };
        });
        if (list.length) out.set(pid, list);
      }
      last = seen;
      return out;
    },
  };
}
