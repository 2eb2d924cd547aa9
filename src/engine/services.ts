import type { VigilConfig } from '../config/types.ts';
import type { Logger } from '../core/types.ts';
import type { Engine } from './engine.ts';

/**
 * Something that lives beside the engine in a long-running host (daemon or TUI): the store,
 * notifiers, the AI explainer, the action engine, the metrics endpoint. A service subscribes to
 * engine events and must never block a tick: slow work is queued inside it. Which services run
 * is decided by the composition root (src/host/services.ts), never here.
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
