import { realClock } from '../../core/clock.ts';
import { UsageError } from '../../core/errors.ts';
import { vigilVersion } from '../../core/version.ts';
import { buildEngine } from '../../host/compose.ts';
import { hostServices, startServices, stopServices } from '../../host/services.ts';
import { t } from '../../i18n/index.ts';
import { reloadFromCli } from '../args.ts';
import { memoryReleaser, nodeEnv } from '../daemon-node.ts';
import { createSystemdNotifier, NOTIFY_ENV, notifyTarget, systemdNotifySend } from '../sd-notify.ts';
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
    const lang = ctx.config.general.language;
    if (ticks !== undefined && !(Number.isInteger(ticks) && ticks > 0)) {
      throw new UsageError(t(lang, 'cli.expectsWholeAbove0', { flag: '--ticks', value: String(ticks) }));
    }
    const log = ctx.log;
    // Signals are handled from the first moment: a SIGTERM that arrives while services start
    // (e.g. right after the metrics endpoint is up) still gets a clean stop and exit 0.
    let stopRequested: string | null = null;
    let onStop: (reason: string) => void = (reason) => {
      stopRequested ??= reason;
    };
    let onReload: () => void = () => log.info('SIGHUP before start-up finished; the config was just read');
    const sigterm = () => onStop('SIGTERM');
    const sigint = () => onStop('SIGINT');
    const sighup = () => onReload();
    process.on('SIGTERM', sigterm);
    process.on('SIGINT', sigint);
    process.on('SIGHUP', sighup);

    let config = ctx.config;
    // Under systemd (Type=notify): READY after the first tick, watchdog pings from the tick loop.
    const target = notifyTarget(ctx.env, process.pid);
    for (const k of NOTIFY_ENV) delete ctx.env[k]; // children must not inherit them
    const notifier =
      target &&
      createSystemdNotifier({
        target,
        intervalSecs: config.general.interval_secs,
        send: systemdNotifySend(target.socket, log),
        now: realClock.monotonic,
        log,
      });
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
      version: vigilVersion(),
      intervalSecs: config.general.interval_secs,
      mode: config.general.mode,
      config: ctx.configPath,
      services: services.map((s) => s.name),
      nodeFlags: process.execArgv,
      nodeEnv: nodeEnv(process.env),
    });

    let count = 0;
    let stopping: Promise<number> | null = null;
    const releaseMemory = memoryReleaser(realClock.monotonic);
    const shutdown = (reason: string): Promise<number> => {
      stopping ??= (async () => {
        log.info('stopping', { reason, ticks: engine.stats.ticks });
        notifier?.stopping();
        await engine.stop();
        await stopServices(services, log);
        process.off('SIGTERM', sigterm);
        process.off('SIGINT', sigint);
        process.off('SIGHUP', sighup);
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
        notifier?.ticked(
          t(config.general.language, 'cli.daemonStatus', {
            processes: e.snapshot.processes.length,
            alerts: e.snapshot.alerts.filter((a) => a.state === 'firing').length,
          }),
        );
        if (ticks !== undefined && count >= ticks) onStop('ticks');
        // After every listener has seen the tick, never during one.
        else
          setImmediate(() => {
            const t0 = realClock.monotonic();
            if (releaseMemory()) log.debug('memory released', { ms: Math.round(realClock.monotonic() - t0) });
          });
      } else if (e.type === 'alert') {
        const { alert, event } = e.alert;
        log.info(`alert ${event}`, { alert });
      }
    });

    onReload = () => {
      const r = reloadFromCli(config, ctx);
      if (!r.ok) {
        log.error('config reload rejected; keeping the running config', { problems: r.problems });
        return;
      }
      config = r.config;
      engine.setConfig(config);
      notifier?.setInterval(config.general.interval_secs);
      for (const s of services) s.reload?.(config);
      log.info('config reloaded', { config: r.path, changed: r.changed });
    };

    return await new Promise<number>((resolve) => {
      onStop = (reason) => void shutdown(reason).then(resolve);
      if (stopRequested) {
        onStop(stopRequested);
        return;
      }
      // Signals and --ticks (in the subscriber) both end through onStop: no polling timer.
      engine.start();
    });
  },
};
