// The action service's notification channels: which notifiers [notifications] turns on, each
// behind its own queue, rate limit and retries (notifiers/channel.ts), rebuilt only when that
// table changes.
import type { VigilConfig } from '../config/types.ts';
import type { Logger } from '../core/types.ts';
import type { ServiceContext } from '../engine/services.ts';
import { alertmanagerNotifier } from './notifiers/alertmanager.ts';
import { type Channel, type ChannelOptions, createChannel } from './notifiers/channel.ts';
import { desktopNotifier } from './notifiers/desktop.ts';
import { terminalNotifier, wantColor } from './notifiers/terminal.ts';
import type { Notice, Notifier } from './notifiers/types.ts';
import { webhookNotifier } from './notifiers/webhook.ts';

const DEFAULTS: Record<string, ChannelOptions> = {
  terminal: { rateLimit: 60, retries: 0, timeoutMs: 2000 },
  desktop: { rateLimit: 6, maxBatch: 10, retries: 1, backoffMs: 2000, timeoutMs: 10_000 },
  webhook: { rateLimit: 10, maxBatch: 20, retries: 3, backoffMs: 1000, timeoutMs: 5000 },
  alertmanager: { rateLimit: 30, maxBatch: 100, retries: 3, backoffMs: 1000, timeoutMs: 5000 },
};

export interface ChannelTuning {
  /** Channel tuning per channel name (tests shorten timeouts and backoff). */
  channelOptions?: Partial<Record<string, ChannelOptions>>;
  /** Extra notifiers (tests) added beside the configured ones. */
  extraNotifiers?: Notifier[];
  /** Where the terminal channel writes (default stderr, only when it is a TTY in the daemon). */
  terminalWrite?: (text: string) => void;
}

export interface ChannelSet {
  list(): Channel[];
  /** The Alertmanager channel, which also gets the periodic re-send of firing alerts. */
  alertmanager(): Channel | null;
  /** One notice on every channel. */
  push(n: Notice): void;
  /** Build the channels of a config (the first time, or after a restart). */
  build(c: VigilConfig): void;
  /** Rebuild when [notifications] changed; the old channels drain in the background. */
  reload(prev: VigilConfig, next: VigilConfig): void;
  stop(timeoutMs: number): Promise<void>;
}

/** The notifiers a config turns on, then the extra ones. */
export function configuredNotifiers(
  c: VigilConfig,
  ctx: Pick<ServiceContext, 'role' | 'env'>,
  tuning: ChannelTuning,
): Notifier[] {
  const list: Notifier[] = [];
  const write = tuning.terminalWrite ?? ((s: string) => void process.stderr.write(s));
  if (c.notifications.terminal && (tuning.terminalWrite || (ctx.role === 'daemon' && process.stderr.isTTY))) {
    list.push(terminalNotifier({ write, color: tuning.terminalWrite ? false : wantColor(true, ctx.env) }));
  }
  if (c.notifications.desktop) list.push(desktopNotifier({ env: ctx.env }));
  if (c.notifications.webhook_url) list.push(webhookNotifier(c.notifications.webhook_url));
  if (c.notifications.alertmanager_url) list.push(alertmanagerNotifier(c.notifications.alertmanager_url));
  list.push(...(tuning.extraNotifiers ?? []));
  return list;
}

export function createChannelSet(
  ctx: Pick<ServiceContext, 'role' | 'env'>,
  log: Logger,
  tuning: ChannelTuning,
): ChannelSet {
  let channels: Channel[] = [];
  let am: Channel | null = null;
  const build = (c: VigilConfig): void => {
    channels = configuredNotifiers(c, ctx, tuning).map((n) =>
      createChannel(n, log, { ...DEFAULTS[n.name], ...(tuning.channelOptions?.[n.name] ?? {}) }),
    );
    am = channels.find((ch) => ch.name === 'alertmanager') ?? null;
  };
  return {
    list: () => channels,
    alertmanager: () => am,
    push(n) {
      for (const ch of channels) ch.push(n);
    },
    build,
    reload(prev, next) {
      if (JSON.stringify(next.notifications) === JSON.stringify(prev.notifications)) return;
      const old = channels;
      build(next);
      for (const ch of old) void ch.stop(1000);
    },
    async stop(timeoutMs) {
      await Promise.all(channels.map((ch) => ch.stop(timeoutMs)));
    },
  };
}
