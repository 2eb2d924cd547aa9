// `vigil watch`: the full-screen TUI. Builds the same engine as the daemon (role 'tui') and the
// host services beside it, then hands the screen to screens/app.ts. Logs go to a file in the
// data dir (never to the terminal while the screen is up); the last warning shows in the
// status line.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { buildKeymap, KeymapError } from '../../../keymaps/keymap.ts';
import type { App, Ports } from '../../../screens/app.ts';
import { detectColorDepth } from '../../../screens/colors.ts';
import { logLineOf } from '../../../screens/log-line.ts';
import { createPorts } from '../../../screens/ports.ts';
import type { VigilConfig } from '../../config/types.ts';
import { realClock } from '../../core/clock.ts';
import { UsageError, VigilError } from '../../core/errors.ts';
import { ensurePrivateDir, openPrivateAppend } from '../../core/files.ts';
import { createLogger } from '../../core/log.ts';
import { sanitize } from '../../core/sanitize.ts';
import type { Logger } from '../../core/types.ts';
import type { Engine } from '../../engine/engine.ts';
import { buildEngine } from '../../host/compose.ts';
import { hostServices, startServices, stopServices } from '../../host/services.ts';
import { t } from '../../i18n/index.ts';
import { reloadFromCli } from '../args.ts';
import { memoryReleaser, nodeEnv, TUI_RELEASE_EVERY_MS } from '../daemon-node.ts';
import type { CliContext, Command } from '../types.ts';

export const command: Command = {
  name: 'watch',
  summary: 'full-screen monitor (htop-style): processes, CPU, memory, GPU, disks, network, alerts',
  usage:
    'vigil watch [--at TIME] [--interval S] [--no-mouse] [--keymap default|vim] [--no-color] [--reset-view]',
  flags: {
    mouse: {
      type: 'boolean',
      description: '--no-mouse: keyboard only (leave the mouse to tmux/the terminal)',
    },
    keymap: { type: 'string', choices: ['default', 'vim'], description: 'key bindings (config [ui] keymap)' },
    at: {
      type: 'string',
      value: 'TIME',
      description:
        'open on the machine as recorded then (replay): ISO time (local), -10m, 03:12, or an alert id',
    },
    resetView: {
      type: 'boolean',
      description:
        '--reset-view: forget the view saved in tui.json (sort, tree, columns, theme) and start from [ui]',
    },
  },
  async run(ctx) {
    // Key bindings are checked first, so a broken [keys] table is reported even without a TTY.
    const keymapName = (ctx.flags.keymap as string | undefined) ?? ctx.config.ui.keymap;
    const keymap = keymapOrThrow(keymapName, ctx.config);
    // A time it cannot read, or one with nothing recorded, is said before the screen opens.
    const replayAt = ctx.flags.at !== undefined ? await recordedTime(ctx) : undefined;
    if (!ctx.isTTY) {
      throw new UsageError(t(ctx.config.general.language, 'cli.noTty'));
    }
    return runWatch(ctx, keymap, replayAt);
  },
};

/** `--at TIME`: the recorded frame's time, or a one-line error (src/cli/replay-at.ts). */
async function recordedTime(ctx: CliContext): Promise<number> {
  const { atFlag, momentAt, openReplay } = await import('../replay-at.ts');
  const at = atFlag(ctx, Date.now());
  const open = await openReplay(ctx);
  try {
    return momentAt(ctx, open.replay, at).time;
  } finally {
    open.close();
  }
}

function keymapOrThrow(name: string, config: VigilConfig) {
  try {
    return buildKeymap(name, config.keys ?? {});
  } catch (err) {
    if (err instanceof KeymapError) {
      throw new UsageError(
        t(config.general.language, 'tui.watch.badKeys', { problems: err.problems.join('; ') }),
      );
    }
    throw err;
  }
}

/** A logger writing JSON lines to DATA_DIR/tui.log, remembering the last warning for the UI. */
function fileLogger(
  dataDir: string,
  debug: boolean,
  lang: 'en' | 'fr',
): { log: Logger; last: () => string | null; close: () => void } {
  let last: string | null = null;
  let lastAt = 0;
  let stream: ReturnType<typeof createWriteStream> | null = null;
  try {
    // 0700 dir, 0600 file, never through a link (src/core/files.ts); lines are redacted by the logger.
    ensurePrivateDir(dataDir);
    stream = createWriteStream('', { fd: openPrivateAppend(join(dataDir, 'tui.log')) });
    stream.on('error', () => {
      stream = null;
    });
  } catch {
    stream = null;
  }
  const log = createLogger({
    json: true,
    level: debug ? 'debug' : 'info',
    write: (line) => {
      stream?.write(line + '\n');
      if (line.includes('"level":"warn"') || line.includes('"level":"error"')) {
        try {
          const o = JSON.parse(line) as Record<string, unknown>;
          last = sanitize(
            logLineOf(o, (k, p) => t(lang, k, p)),
            160,
          );
          lastAt = Date.now();
        } catch {
          last = null;
        }
      }
    },
  });
  // A warning stays in the status line for a while, not forever (the file keeps it).
  return { log, last: () => (Date.now() - lastAt < 30_000 ? last : null), close: () => stream?.end() };
}

export async function runWatch(
  ctx: CliContext,
  keymap: ReturnType<typeof buildKeymap>,
  replayAt?: number,
): Promise<number> {
  const files = fileLogger(ctx.dataDir, ctx.env.VIGIL_LOG_LEVEL === 'debug', ctx.config.general.language);
  const log = files.log;
  let config = ctx.config;
  const engine: Engine = buildEngine({ config, role: 'tui', log });
  const services = await startServices(
    await hostServices({ config, dataDir: ctx.dataDir, log, role: 'tui', env: ctx.env }),
    engine,
    log,
  );
  log.info('tui started', {
    pid: process.pid,
    intervalSecs: config.general.interval_secs,
    keymap: keymap.name,
    nodeFlags: process.execArgv,
    nodeEnv: nodeEnv(process.env),
  });
  // As the daemon: freed memory handed back between ticks, every 2 minutes (daemon-node.ts).
  const releaseMemory = memoryReleaser(realClock.monotonic, undefined, TUI_RELEASE_EVERY_MS);
  engine.subscribe((e) => {
    if (e.type === 'snapshot') setImmediate(releaseMemory);
  });

  const ports: Ports = createPorts({
    config: () => config,
    engine,
    log,
    env: ctx.env,
    dataDir: ctx.dataDir,
    async reload() {
      const r = reloadFromCli(config, ctx);
      if (r.ok) {
        config = r.config;
        engine.setConfig(r.config);
        for (const s of services) s.reload?.(r.config);
        log.info('config reloaded', { config: r.path, changed: r.changed });
        return { config: r.config, message: t(r.config.general.language, 'tui.reload.ok') };
      }
      log.warn('config reload rejected; keeping the running config', { problems: r.problems });
      // Problems read FILE:LINE:COL: message; the status line has room for the located message.
      const first = (r.problems[0] ?? '').replace(/^.*?:(\d+:\d+: )/, 'line $1');
      return {
        config: null,
        message: t(config.general.language, 'tui.reload.failed', { error: sanitize(first, 100) }),
      };
    },
  });

  const { createApp } = await import('../../../screens/app.ts');
  const { loadView, saveView } = await import('../../../screens/saved-view.ts');
  const saved = loadView(ctx.dataDir, config.ui, ctx.flags.resetView === true, config.general.language);
  if (saved.message) log.warn('saved view not taken whole', { problem: saved.message });
  let app: App | null = null;
  const mouse = ctx.flags.mouse !== false;
  const code = await new Promise<number>((resolve) => {
    let quitting = false;
    const quit = () => {
      if (quitting) return;
      quitting = true;
      resolve(0);
    };
    try {
      app = createApp({
        engine,
        keymap,
        config,
        color: ctx.color,
        detectDepth: (terminfo) => detectColorDepth(ctx.env, terminfo, ctx.color),
        mouse,
        ports,
        view: saved.view,
        ...(saved.message ? { notice: saved.message } : {}),
        saveView: (next) =>
          saveView(ctx.dataDir, next, (err) => log.warn('cannot save the view', { error: err.message })),
        logLine: files.last,
        onQuit: quit,
        ...(replayAt !== undefined ? { replayAt } : {}),
      });
    } catch (err) {
      log.error('cannot start the screen', { error: (err as Error).message });
      throw new VigilError(`cannot start the screen: ${(err as Error).message}`);
    }
    process.once('SIGTERM', quit);
    process.once('SIGHUP', quit);
    engine.start();
  });
  (app as App | null)?.destroy();
  ports.close?.();
  await engine.stop();
  await stopServices(services, log);
  log.info('tui stopped', { ticks: engine.stats.ticks });
  files.close();
  return code;
}
