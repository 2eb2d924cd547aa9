import type { VigilConfig } from '../config/types.ts';
import type { Logger } from '../core/types.ts';
import type { Engine } from './engine.ts';

/**
 * Something that lives beside the engine in a long-running host (daemon or TUI): the store,
 * notifiers, the AI explainer, the action engine, the metrics endpoint. A service subscribes to
 * engine events and must never block a tick: slow work is queued inside it.
 */
export interface Service {
  name: string;
  start(engine: Engine): void | Promise<void>;
  /** Flush and release; called after the last tick. */
  stop(): void | Promise<void>;
  /** New config after SIGHUP or a TUI reload. */
  reload?(config: VigilConfig): void;
}

export interface ServiceContext {
  config: VigilConfig;
  dataDir: string;
  log: Logger;
  role: 'daemon' | 'tui';
  env: NodeJS.ProcessEnv;
  /** --metrics HOST:PORT, when given. */
  metricsListen?: string;
}

/** Start services in order; a service that fails to start is logged and left out. */
export async function startServices(list: Service[], engine: Engine, log: Logger): Promise<Service[]> {
  const started: Service[] = [];
  for (const s of list) {
    try {
      await s.start(engine);
      started.push(s);
    } catch (err) {
      log.error('service failed to start', { service: s.name, error: (err as Error).message });
    }
  }
  return started;
}

/** Stop in reverse order, each bounded by `timeoutMs` so shutdown stays within SIGTERM's 2 s. */
export async function stopServices(list: Service[], log: Logger, timeoutMs = 1500): Promise<void> {
  for (const s of [...list].reverse()) {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve(s.stop()),
        new Promise((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
    } catch (err) {
      log.warn('service failed to stop cleanly', { service: s.name, error: (err as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }
}
