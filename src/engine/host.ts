import { heartbeatServiceFromContext } from '../health/heartbeat.ts';
import { metricsServiceFromContext } from '../metrics/server.ts';
import type { Service, ServiceContext } from './services.ts';

/**
 * The services a long-running host starts beside its engine, in order. Each feature adds its
 * factory here (store, notifiers, AI, actions, metrics); factories may return null when the
 * feature is off in the config.
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
