// History store bench: a simulated week at the defaults (a snapshot every 60 s, 168 h retention,
// hourly retention passes) of a machine with ~1,000 processes, written into a real SQLite file.
// Prints the insert cost per snapshot, the retention pass cost, the file size after the week and
// the time of `vigil report` over 7 days. Run standalone: `node bench/store.ts`.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../src/config/defaults.ts';
import { createLogger } from '../src/core/log.ts';
import type { Alert, ProcessSnapshot, Snapshot } from '../src/core/types.ts';
import { buildReport } from '../src/report/data.ts';
import { renderHtml } from '../src/report/html.ts';
import { renderTerminal } from '../src/report/terminal.ts';
import { dbPath, openStore } from '../src/store/store.ts';

const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 1000);
/** BENCH_STORE_WORST=1: every minute a different set of top consumers (the file's upper bound). */
const WORST = process.env.BENCH_STORE_WORST === '1';
const BUSY = 40;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

function makeProcess(pid: number, start: number): ProcessSnapshot {
  return {
    pid,
    ppid: 1,
    pgid: pid,
    uid: 1000,
    user: 'dev',
    name: `worker${pid % 50}`,
    cmdline: `/usr/bin/python3 /home/dev/project/server_${pid % 50}.py --port ${8000 + (pid % 50)} --verbose`,
    state: 'S',
    cpuPercent: 0,
    rssBytes: 10_000_000,
    threads: 4,
    fds: 20,
    startTime: new Date(start).toISOString(),
    ageSeconds: 0,
    startTicks: pid,
    sid: pid,
    ttyNr: 0,
    kernelThread: false,
  };
}

function snapshotAt(time: number, processes: ProcessSnapshot[], alerts: Alert[], i: number): Snapshot {
  const cpu = 10 + 30 * Math.abs(Math.sin(i / 90));
  return {
    version: 'bench',
    time: new Date(time).toISOString(),
    hostname: 'bench',
    uptimeSeconds: i * 60,
    cpu: {
      cores: 8,
      usagePercent: cpu,
      perCore: [],
      load1: cpu / 12,
      load5: cpu / 14,
      load15: cpu / 16,
      frequencyMhz: null,
      temperatureC: null,
    },
    memory: {
      totalBytes: 16e9,
      usedBytes: 8e9 + 2e9 * Math.sin(i / 300),
      availableBytes: 8e9,
      cachedBytes: 2e9,
      swapTotalBytes: 2e9,
      swapUsedBytes: 1e8,
      pressure: { some10: 0.1, full10: 0 },
    },
    gpus: [],
    disks: [
      {
        mount: '/',
        device: '/dev/sda1',
        fsType: 'ext4',
        totalBytes: 2.5e11,
        freeBytes: 1e11,
        freePercent: 40,
        inodesFreePercent: 90,
        readBytesPerSec: 1e5,
        writeBytesPerSec: 2e5,
        latencyMs: 1,
      },
    ],
    network: [{ interface: 'eth0', rxBytesPerSec: 1e4, txBytesPerSec: 5e3 }],
    processes,
    alerts,
  };
}

export async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-store-bench-'));
  const config = defaultConfig();
  const interval = config.history.snapshot_interval_secs * 1000;
  const retentionHours = config.history.retention_hours;
  const snapshots = Math.round((7 * 86_400_000) / interval);
  const t0 = Date.UTC(2026, 0, 1);
  const log = createLogger({ json: false, level: 'warn' });
  const store = openStore(dir, { log, clock: { now: () => t0, monotonic: () => 0 } });
  try {
    const procs = Array.from({ length: PROCESSES }, (_, k) => makeProcess(1000 + k, t0));
    let nextPid = 1000 + PROCESSES;
    const insertMs: number[] = [];
    const retentionMs: number[] = [];
    let alerts: Alert[] = [];
    for (let i = 0; i < snapshots; i++) {
      const time = t0 + i * interval;
      // Churn: a few processes end and new ones start every minute; loads move around.
      for (let c = 0; c < 3; c++) {
        const k = (i * 7 + c * 131) % procs.length;
        procs[k] = makeProcess(nextPid++, time);
      }
      for (let k = 0; k < procs.length; k++) {
        const p = procs[k]!;
        if (WORST || k >= BUSY) {
          // Worst case: the top 10 by CPU and by RSS is a different set every minute.
          p.cpuPercent = WORST ? ((k * 31 + i * 17) % 997) / 10 : ((k * 31 + i * 17) % 997) / 1000;
          p.rssBytes = WORST
            ? 5_000_000 + ((k * 7919 + i) % 500) * 1_000_000
            : 2_000_000 + ((k * 7919) % 50) * 1_000_000;
        } else {
          // A few dozen busy processes whose load moves around (browsers, builds, servers).
          p.cpuPercent = (5 + (k % 7) * 10) * (1 + Math.sin(i / 30 + k));
          p.rssBytes = 100_000_000 + k * 20_000_000 + ((i * 1_000) % 50_000_000);
        }
      }
      // An alert fires every 6 hours and resolves 20 minutes later.
      if (i % 360 === 0) {
        const a: Alert = {
          id: `memory_leak:${procs[0]!.pid}:${i}`,
          rule: 'memory_leak',
          severity: 'medium',
          state: 'firing',
          since: new Date(time).toISOString(),
          message: 'RSS grows',
          subject: { pids: [procs[0]!.pid] },
          suggestedCommand: `kill ${procs[0]!.pid}`,
        };
        alerts = [a];
        store.recordAlertEvent({ event: 'fired', alert: a, time });
      } else if (i % 360 === 20 && alerts[0]) {
        store.recordAlertEvent({ event: 'resolved', alert: { ...alerts[0], state: 'resolved' }, time });
        alerts = [];
      }
      const s = snapshotAt(time, procs, alerts, i);
      const started = performance.now();
      store.recordSnapshot(s);
      insertMs.push(performance.now() - started);
      if ((i * interval) % 3_600_000 === 0) {
        const r0 = performance.now();
        store.retention({ now: time, retentionHours });
        retentionMs.push(performance.now() - r0);
      }
    }
    const end = t0 + snapshots * interval;
    store.retention({ now: end, retentionHours });
    store.close();
    const size = statSync(dbPath(dir)).size;

    const reportRuns: number[] = [];
    let alertsShown = 0;
    for (let k = 0; k < 5; k++) {
      const r0 = performance.now();
      const reader = openStore(dir, { readonly: true, log });
      const data = buildReport(reader, { from: end - 7 * 86_400_000, to: end, dataDir: dir });
      renderTerminal(data, { lang: 'en', color: false });
      renderHtml(data, 'en');
      reader.close();
      reportRuns.push(performance.now() - r0);
      alertsShown = data.alerts.length;
    }
    insertMs.sort((a, b) => a - b);
    retentionMs.sort((a, b) => a - b);
    reportRuns.sort((a, b) => a - b);
    const f = (n: number) => n.toFixed(2);
    console.log(
      `History store: simulated week at defaults (${snapshots} snapshots every ${interval / 1000} s, ${PROCESSES} processes, retention ${retentionHours} h${WORST ? ', worst-case churn of top consumers' : ''})`,
    );
    console.log(
      `  insert per snapshot          median ${f(percentile(insertMs, 0.5))} ms, p95 ${f(percentile(insertMs, 0.95))} ms, max ${f(insertMs.at(-1) ?? 0)} ms`,
    );
    console.log(
      `  retention pass (hourly)      median ${f(percentile(retentionMs, 0.5))} ms, max ${f(retentionMs.at(-1) ?? 0)} ms`,
    );
    console.log(`  database size after a week   ${(size / 1024 / 1024).toFixed(2)} MiB`);
    console.log(
      `  vigil report over 7 days     median ${f(percentile(reportRuns, 0.5))} ms (open + query + terminal + HTML; ${alertsShown} alerts)   (target well under 1000 ms)`,
    );
  } finally {
    if (process.env.BENCH_KEEP) console.log('kept', dir);
    else rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  bench().catch((err: unknown) => {
    console.error(`bench failed: ${(err as Error).message}`);
    process.exitCode = 1;
  });
}
