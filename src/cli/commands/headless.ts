import { configChanges } from '../../config/diff.ts';
import { ConfigError, loadConfig } from '../../config/load.ts';
import { buildEngine } from '../../engine/compose.ts';
import { hostServices } from '../../engine/host.ts';
import { startServices, stopServices } from '../../engine/services.ts';
import { UsageError } from '../errors.ts';
import type { Command } from '../types.ts';

export const command: Command = {
  name: 'headless',
  summary: 'the daemon: same engine, no UI; JSON-line logs on stderr',
  usage: 'vigil --headless [--interval S] [--ticks N] [--metrics HOST:PORT]',
  flags: {
    ticks: { type: 'number', description: 'exit 0 after N samples' },
    metrics: { type: 'string', description: 'serve Prometheus metrics on HOST:PORT' },
  },
  async run(ctx) {
    const ticks = ctx.flags.ticks as number | undefined;
    if (ticks !== undefined && !(Number.isInteger(ticks) && ticks > 0)) {
      throw new UsageError(`--ticks expects a whole number > 0, got '${String(ticks)}'`);
    }
    if (ctx.input.length) throw new UsageError(`unexpected argument '${ctx.input[0]}' for --headless`);
    const log = ctx.log;
    let config = ctx.config;
    const engine = buildEngine({ config, role: 'daemon', log });
    const services = await startServices(
      await hostServices({
        config,
        dataDir: ctx.dataDir,
        log,
        role: 'daemon',
        env: ctx.env,
        ...(ctx.flags.metrics ? { metricsListen: ctx.flags.metrics as string } : {}),
      }),
      engine,
      log,
    );
    log.info('started', {
      pid: process.pid,
      version: engine.latest()?.version,
      intervalSecs: config.general.interval_secs,
      mode: config.general.mode,
      config: ctx.configPath,
      services: services.map((s) => s.name),
    });

    let count = 0;
    let stopping: Promise<number> | null = null;
    const shutdown = (reason: string): Promise<number> => {
      if (stopping) return stopping;
      stopping = (async () => {
        log.info('stopping', { reason, ticks: engine.stats.ticks });
        await engine.stop();
        await stopServices(services, log);
        log.info('stopped', { ticks: engine.stats.ticks });
        return 0;
      })();
      return stopping;
    };

    engine.subscribe((e) => {
      if (e.type === 'snapshot') {
        count++;
        log.debug('tick', {
          tick: count,
          tickMs: Math.round(e.tickMs * 10) / 10,
          processes: e.snapshot.processes.length,
        });
        // OOM-killer reports from the kernel log / journal, as structured lines (issue 3).
        for (const k of e.snapshot.kernelEvents ?? []) {
          if (k.oom)
            log.warn('kernel oom_kill', {
              pid: k.oom.pid,
              name: k.oom.name,
              rssBytes: k.oom.rssBytes,
              cgroup: k.oom.cgroup,
              source: k.source,
              loggedAt: new Date(k.time).toISOString(),
            });
        }
        if (ticks !== undefined && count >= ticks) void shutdown('ticks');
      } else if (e.type === 'alert') {
        const { alert, event } = e.alert;
        log.info(`alert ${event}`, { alert });
      }
    });

    return await new Promise<number>((resolve) => {
      const done = (reason: string) => void shutdown(reason).then(resolve);
      process.once('SIGTERM', () => done('SIGTERM'));
      process.once('SIGINT', () => done('SIGINT'));
      process.on('SIGHUP', () => {
        try {
          const next = loadConfig({ path: ctx.flags.config as string | undefined, env: ctx.env });
          // Flags given on the command line still win over the file.
          if (typeof ctx.flags.interval === 'number') next.config.general.interval_secs = ctx.flags.interval;
          if (typeof ctx.flags.mode === 'string')
            next.config.general.mode = ctx.flags.mode as typeof config.general.mode;
          const changed = configChanges(config, next.config);
          config = next.config;
          engine.setConfig(config);
          for (const s of services) s.reload?.(config);
          log.info('config reloaded', { config: next.path, changed });
        } catch (err) {
          const problems = err instanceof ConfigError ? err.problems : [(err as Error).message];
          log.error('config reload rejected; keeping the running config', { problems });
        }
      });
      if (stopping === null) engine.start(config.general.interval_secs * 1000);
      const poll = setInterval(() => {
        if (stopping) {
          clearInterval(poll);
          void stopping.then(resolve);
        }
      }, 50);
    });
  },
};
