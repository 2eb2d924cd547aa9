// Where a `vigil watch` refresh goes, in one process: the TUI's engine (role `tui`) ticks and the
// app renders each tick on a blessed screen writing to an in-memory stream (the terminal's share
// of the work is left out). CPU of the ticks, of the frames, and V8's GC time over N refreshes.
// `node bench/frame.ts` (with the daemon's node flags, as `vigil watch` runs); part of `npm run bench`.
import { PerformanceObserver } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import blessed from 'blessed';
import { buildKeymap } from '../keymaps/keymap.ts';
import { createApp } from '../screens/app.ts';
import { createPorts } from '../screens/ports.ts';
import { execDaemonSettings } from '../src/cli/daemon-node.ts';
import { defaultConfig } from '../src/config/defaults.ts';
import { memoryLogger } from '../src/core/log.ts';
import { buildEngine } from '../src/host/compose.ts';
import { countProcesses, sleep, spawnIdle } from './measure.ts';

export interface FrameFigures {
  processes: number;
  frames: number;
  /** CPU ms per engine tick and per rendered frame; GC ms per refresh (inside both). */
  tickMs: number;
  frameMs: number;
  gcMs: number;
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

export async function measureFrames(frames = 60, cols = 120, rows = 40): Promise<FrameFigures> {
  const config = defaultConfig();
  const log = memoryLogger();
  const engine = buildEngine({ config, role: 'tui', log });
  const output = Object.assign(new PassThrough(), { columns: cols, rows, isTTY: true });
  output.resume();
  const input = new PassThrough();
  const screen = blessed.screen({
    input,
    output,
    terminal: 'xterm-256color',
    warnings: false,
    fullUnicode: true,
    smartCSR: true,
  });
  const app = createApp({
    engine,
    keymap: buildKeymap('default'),
    config,
    color: true,
    mouse: false,
    screen,
    ports: createPorts({
      config: () => config,
      engine,
      log,
      env: {},
      reload: async () => ({ config: null, message: '' }),
    }),
    onQuit: () => {},
  });
  let gc = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gc += e.duration;
  });
  obs.observe({ entryTypes: ['gc'] });
  try {
    // Warm-up: every cmdline read once, the charts' history started, the code optimised.
    for (let i = 0; i < 10; i++) {
      await engine.tick();
      app.renderNow();
    }
    gc = 0;
    let tick = 0;
    let frame = 0;
    for (let i = 0; i < frames; i++) {
      const a = process.cpuUsage();
      await engine.tick();
      const b = process.cpuUsage();
      app.renderNow();
      tick += cpuMs(process.cpuUsage(a)) - cpuMs(process.cpuUsage(b));
      frame += cpuMs(process.cpuUsage(b));
      // Let the services' and the scheduler's immediates run, as between two real ticks.
      await sleep(5);
    }
    await sleep(50);
    return {
      processes: countProcesses(),
      frames,
      tickMs: Math.round((tick / frames) * 100) / 100,
      frameMs: Math.round((frame / frames) * 100) / 100,
      gcMs: Math.round((gc / frames) * 100) / 100,
    };
  } finally {
    obs.disconnect();
    app.destroy();
    await engine.stop();
    input.destroy();
    output.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  execDaemonSettings();
  const idle =
    Number(process.env.BENCH_PROCESSES ?? 1000) > 0
      ? spawnIdle(Number(process.env.BENCH_PROCESSES ?? 1000))
      : null;
  sleep(1500)
    .then(() => measureFrames(Number(process.env.BENCH_FRAMES ?? 60)))
    .then((r) => console.log(JSON.stringify(r)))
    .catch((err: unknown) => {
      process.stderr.write(`${(err as Error).stack}\n`);
      process.exitCode = 1;
    })
    .finally(() => idle?.stop());
}
