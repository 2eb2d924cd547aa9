// The services a long-running host (daemon or TUI) runs beside its engine: chosen here, in the
// composition root, so src/engine/ never imports a service. Each implements the engine's
// `Service` interface (src/engine/services.ts).
import type { Engine } from '../engine/engine.ts';
import type { Service, ServiceContext } from '../engine/services.ts';
import { heartbeatServiceFromContext } from '../health/heartbeat.ts';
import { metricsServiceFromContext } from '../metrics/server.ts';

/**
 * The services to start, in order. Each feature adds its factory here (store, notifiers, AI,
 * actions, metrics); a factory returns null when its feature is off in the config. The heavy
 * ones are imported lazily so a one-shot command that builds an engine never loads them.
 */
export async function hostServices(ctx: ServiceContext): Promise<Service[]> {
  const factories: ((ctx: ServiceContext) => Promise<Service | null> | Service | null)[] = [
    heartbeatServiceFromContext,
    metricsServiceFromContext,
    async (c) => (await import('../store/recorder.ts')).createRecorder(c),
    async (c) => (await import('../actions/service.ts')).actionServiceFromContext(c),
    async (c) => (await import('../ai/service.ts')).aiServiceFromContext(c),
  ];
  const out: Service[] = [];
  for (const f of factories) {
    const s = await f(ctx);
    if (s) out.push(s);
  }
  return out;
}

/** Start services in order; a service that fails to start is logged and left out. */
export async function startServices(
  list: Service[],
  engine: Engine,
  log: ServiceContext['log'],
): Promise<Service[]> {
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
export async function stopServices(
  list: Service[],
  log: ServiceContext['log'],
  timeoutMs = 1500,
): Promise<void> {
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
