// Incident recorder bench: a simulated week of a machine with 1,000 processes at 5 s ticks
// through the real history writer (capture ring, minute and incident chains, hourly retention
// at 168 h), 20 incidents (a storm of servers, an alert, the storm killed). Prints the file size,
// the capture's cost per tick and per flush, the ring's size, and how long it takes to rebuild a
// recorded moment (goal < 50 ms) and to open the history view. `node bench/recorder.ts`.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyModel } from '../screens/history.ts';
import { themeCache } from '../screens/theme.ts';
import { defaultConfig } from '../src/config/defaults.ts';
import { createLogger } from '../src/core/log.ts';
import type { AlertEvent } from '../src/core/types.ts';
import { translator } from '../src/i18n/index.ts';
import { createRecorder } from '../src/store/recorder.ts';
import { createReplay } from '../src/store/replay.ts';
import { dbPath, openStore } from '../src/store/store.ts';
import { simulatedMachine } from '../test/helpers/machine.ts';
import { offscreen } from '../test/helpers/offscreen.ts';
import { alertEvent, DERIVE_CTX, driver } from '../test/helpers/recording.ts';

const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 1000);
const DAYS = Number(process.env.BENCH_DAYS ?? 7);
const TICK_MS = 5000;
const INCIDENTS = 20;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

const f = (n: number) => n.toFixed(2);

/** Record the simulated week; returns the directory, the week's end and the firing times. */
function recordWeek(dir: string) {
  const config = defaultConfig();
  const start = Date.UTC(2026, 10, 23, 0, 0, 0);
  let now = start;
  let mono = 0;
  const clock = { now: () => now, monotonic: () => mono };
  const log = createLogger({ json: false, level: 'warn' });
  const recorder = createRecorder(
    { config, dataDir: dir, log, role: 'daemon', env: {} },
    { clock, defer: (fn) => fn() },
  );
  const d = driver();
  recorder.start(d.engine);
  const m = simulatedMachine({
    processes: PROCESSES,
    busy: 40,
    churn: 0.2,
    drift: 3,
    tickMs: TICK_MS,
    start,
  });
  const ticks = Math.round((DAYS * 86_400_000) / TICK_MS);
  const every = Math.floor(ticks / INCIDENTS);
  const firings: number[] = [];
  const tickMs: number[] = [];
  let storm: number[] = [];
  let retentionAt = start;
  for (let i = 1; i <= ticks; i++) {
    now += TICK_MS;
    mono += TICK_MS;
    const phase = i % every;
    if (phase === every / 2 - 30) storm = m.storm(12, 80);
    const raw = m.tick();
    const events: AlertEvent[] = [];
    if (phase === every / 2) {
      firings.push(raw.time);
      events.push(
        alertEvent('fired', raw.time, {
          id: `ghost_process_storm-${String(i).padStart(12, '0')}`,
          subject: { pids: storm },
        }),
      );
    }
    if (phase === every / 2 + 10) m.kill(storm);
    const t0 = performance.now();
    d.tick(raw, events);
    tickMs.push(performance.now() - t0);
    if (now - retentionAt >= 3_600_000) {
      retentionAt = now;
      recorder.store.retention({ now, retentionHours: config.history.retention_hours });
    }
  }
  const stats = recorder.capture();
  recorder.stop();
  return { end: now, start, firings, tickMs: tickMs.sort((a, b) => a - b), stats, ticks };
}

export async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-recorder-bench-'));
  try {
    const t0 = performance.now();
    const week = recordWeek(dir);
    const recordSecs = (performance.now() - t0) / 1000;
    const size = statSync(dbPath(dir)).size;
    const store = openStore(dir, { readonly: true });
    const frames = store.frameStats();
    const replay = createReplay(store, DERIVE_CTX);
    // Rebuild: random moments over the week, every firing, and the worst case (the last minute
    // frame before a keyframe: an hour of deltas).
    const times: number[] = [...week.firings];
    let seed = 7;
    for (let k = 0; k < 200; k++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      times.push(week.start + (seed / 0x7fffffff) * (week.end - week.start));
    }
    for (let h = 1; h < 24; h++) times.push(week.end - h * 3_600_000 - 30_000);
    const rebuildMs: number[] = [];
    let missed = 0;
    let processes = 0;
    for (const t of times) {
      const r0 = performance.now();
      const r = replay.at(t);
      rebuildMs.push(performance.now() - r0);
      if (!r.ok) missed++;
      else processes = Math.max(processes, r.moment.snapshot.processes.length);
    }
    rebuildMs.sort((a, b) => a - b);
    store.close();
    const view = await openHistoryView(dir, week.end);
    console.log(
      `Incident recorder: simulated ${DAYS} days of ${PROCESSES} processes at ${TICK_MS / 1000} s ticks (${week.ticks} ticks), ${INCIDENTS} incidents, retention 168 h — recorded in ${recordSecs.toFixed(0)} s`,
    );
    console.log(`  database size                ${(size / 1024 / 1024).toFixed(1)} MiB   (goal < 150 MB)`);
    console.log(
      `  frames                       ${frames.frames} (${frames.keyframes} keyframes, ${frames.chains} chains), ${(frames.bytes / 1024 / 1024).toFixed(1)} MiB compressed`,
    );
    console.log(
      `  history writer per tick      median ${f(percentile(week.tickMs, 0.5))} ms, p99 ${f(percentile(week.tickMs, 0.99))} ms, max ${f(week.tickMs.at(-1) ?? 0)} ms (capture, frames and samples written at once here)`,
    );
    console.log(
      `  capture ring                 ${week.stats?.ringSamples ?? 0} samples, ~${((week.stats?.ringBytes ?? 0) / 1024 / 1024).toFixed(2)} MiB`,
    );
    console.log(
      `  rebuild a moment             median ${f(percentile(rebuildMs, 0.5))} ms, p95 ${f(percentile(rebuildMs, 0.95))} ms, max ${f(rebuildMs.at(-1) ?? 0)} ms over ${times.length} moments (${missed} outside history; ${processes} processes)   (goal < 50 ms)`,
    );
    console.log(
      `  open the history view (7 d)  ${f(view.first)} ms the first time (loads blessed-contrib), ${f(view.again)} ms after (read, model, five charts drawn at 120×40)`,
    );
  } finally {
    if (process.env.BENCH_KEEP) console.log('kept', dir);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Time to open the history view over the week, as `v` does: load the view (blessed-contrib, the
 * first time), read the window from the file, build the charts' model and draw them at 120×40 on
 * an offscreen screen. The first open pays the module load; later ones do not.
 */
async function openHistoryView(dir: string, end: number): Promise<{ first: number; again: number }> {
  const from = end - 7 * 86_400_000;
  const tr = translator('en');
  const theme = themeCache(256)('dark');
  const once = async (): Promise<number> => {
    const t0 = performance.now();
    const { createHistoryOverlay } = await import('../screens/history-view.ts');
    const store = openStore(dir, { readonly: true });
    const replay = createReplay(store, DERIVE_CTX);
    const data = {
      from,
      to: end,
      samples: replay.samples(from, end),
      programs: replay.programs(from, end),
      firings: replay.firingsBetween(from, end),
    };
    const model = historyModel(data, end, tr);
    const o = offscreen(120, 40);
    const view = createHistoryOverlay(o.screen);
    view.show(model, 'history', 'keys', theme);
    o.screen.render();
    const ms = performance.now() - t0;
    o.destroy();
    store.close();
    return ms;
  };
  const first = await once();
  const runs = [await once(), await once(), await once()].sort((a, b) => a - b);
  const again = runs[1]!;
  return { first, again };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  bench().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
