// The Prometheus endpoint: a node:http Service beside the engine. It keeps the latest snapshot
// and raw sample from engine events and renders on each scrape, so a scrape never triggers a
// collection and never blocks a tick.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VigilConfig } from '../config/types.ts';
import { VigilError } from '../core/errors.ts';
import type { Logger, RawSample, Snapshot } from '../core/types.ts';
import { vigilVersion } from '../core/version.ts';
import type { Engine } from '../engine/engine.ts';
import type { Service, ServiceContext } from '../engine/services.ts';
import { CONTENT_TYPE, newHistogram, observe, renderExposition } from './exposition.ts';
import { metricFamilies, TICK_BUCKETS_SECONDS } from './families.ts';
import { formatAddress, isLoopback, type ListenAddress, parseListen } from './listen.ts';

export interface MetricsService extends Service {
  /** The bound address once listening (the real port when 0 was asked). */
  address(): ListenAddress | null;
}

/** The address to serve on: `--metrics` wins over `[metrics] listen`; null when neither is set. */
export function metricsAddress(flag: string | undefined, config: VigilConfig): ListenAddress | null {
  const text = flag ?? config.metrics?.listen;
  if (text === undefined || text === '') return null;
  try {
    return parseListen(text);
  } catch (err) {
    const where = flag !== undefined ? '--metrics' : '[metrics] listen';
    throw new VigilError(`${where}: ${(err as Error).message}`, 2);
  }
}

/**
 * The host factory: null when metrics are off. Only the daemon serves them (SPEC §3): a `vigil
 * watch` beside it would otherwise fight for the same port.
 */
export function metricsServiceFromContext(ctx: ServiceContext): MetricsService | null {
  if (ctx.role !== 'daemon') return null;
  const addr = metricsAddress(ctx.metricsListen, ctx.config);
  if (!addr) return null;
  return createMetricsService({
    address: addr,
    log: ctx.log,
    config: ctx.config,
    pinned: ctx.metricsListen !== undefined,
  });
}

export interface MetricsServiceOptions {
  address: ListenAddress;
  log: Logger;
  config: VigilConfig;
  /** The address came from --metrics, so a reloaded config cannot change it. */
  pinned?: boolean;
}

export function createMetricsService(opts: MetricsServiceOptions): MetricsService {
  const log = opts.log;
  const version = vigilVersion();
  const tickDuration = newHistogram(TICK_BUCKETS_SECONDS);
  const errorsBySource = new Map<string, number>();
  let intervalSecs = opts.config.general.interval_secs;
  let snapshot: Snapshot | undefined;
  let raw: RawSample | undefined;
  let engine: Engine | null = null;
  let unsubscribe: (() => void) | null = null;
  let server: Server | null = null;
  let bound: ListenAddress | null = null;

  function render(): string {
    return renderExposition(
      metricFamilies({
        version,
        intervalSecs,
        snapshot,
        raw,
        stats: engine?.stats ?? { ticks: 0, errors: 0, lastTickMs: 0, skippedProcesses: 0 },
        tickDuration,
        errorsBySource,
      }),
    );
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('method not allowed\n');
      return;
    }
    if (path === '/metrics') {
      let body: string;
      try {
        body = render();
      } catch (err) {
        log.once(`metrics-render:${(err as Error).message}`, 'error', 'metrics rendering failed', {
          error: (err as Error).message,
        });
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('metrics rendering failed\n');
        return;
      }
      res.writeHead(200, { 'Content-Type': CONTENT_TYPE, 'Content-Length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Vigil ${version}: Prometheus metrics at /metrics\n`);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('not found; metrics are at /metrics\n');
  }

  return {
    name: 'metrics',
    address: () => bound,
    async start(e) {
      engine = e;
      unsubscribe = e.subscribe((ev) => {
        if (ev.type === 'snapshot') {
          snapshot = ev.snapshot;
          raw = ev.raw;
          observe(tickDuration, ev.tickMs / 1000);
        } else if (ev.type === 'error') {
          errorsBySource.set(ev.source, (errorsBySource.get(ev.source) ?? 0) + 1);
        }
      });
      // node:http costs ~12 MB of RSS to load: only a daemon that serves metrics pays for it.
      const { createServer } = await import('node:http');
      const s = createServer(handle);
      // A scraper that hangs must not hold sockets forever.
      s.requestTimeout = 10_000;
      s.headersTimeout = 5_000;
      s.keepAliveTimeout = 5_000;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen({ host: opts.address.host, port: opts.address.port }, () => {
          s.off('error', reject);
          resolve();
        });
      }).catch((err: NodeJS.ErrnoException) => {
        unsubscribe?.();
        throw new Error(`cannot listen on ${formatAddress(opts.address)}: ${err.code ?? err.message}`);
      });
      s.on('error', (err) => log.error('metrics server error', { error: err.message }));
      server = s;
      const a = s.address() as AddressInfo;
      bound = { host: opts.address.host, port: a.port };
      log.info('metrics listening', {
        address: formatAddress(bound),
        url: `http://${formatAddress(bound)}/metrics`,
      });
      if (!isLoopback(bound.host)) {
        log.warn('metrics endpoint is reachable from the network (non-loopback listen address)', {
          address: formatAddress(bound),
        });
      }
    },
    reload(config) {
      intervalSecs = config.general.interval_secs;
      const next = config.metrics?.listen ?? '';
      if (!opts.pinned && next !== (opts.config.metrics?.listen ?? '')) {
        log.once(`metrics-reload:${next}`, 'warn', 'a new [metrics] listen takes effect on restart', {
          listen: next,
        });
      }
    },
    async stop() {
      unsubscribe?.();
      unsubscribe = null;
      const s = server;
      server = null;
      if (!s) return;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    },
  };
}
