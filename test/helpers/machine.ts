// A simulated machine for the incident recorder's tests and bench: raw samples as the collectors
// make them (immutable process rows, the same object while a process does not move; counters
// that only grow), with busy processes, churn, and storms of identical servers on demand.
import type { CpuTimes, ProcessRaw, RawSample } from '../../src/core/types.ts';

const PROGRAMS = [
  ['node', '/usr/bin/node /home/dev/app/node_modules/.bin/vite --port 5173'],
  ['python3', '/usr/bin/python3 /home/dev/project/worker.py --queue default --concurrency 4'],
  [
    'code',
    '/usr/share/code/code --type=renderer --enable-crash-reporter=1d8f0b4e-6c1a-4f0e-9a57-3c2d1e0f9b8a,no_channel --user-data-dir=/home/dev/.config/Code --standard-schemes=vscode-webview,vscode-file --secure-schemes=vscode-webview,vscode-file --cors-schemes=vscode-webview,vscode-file --fetch-schemes=vscode-webview,vscode-file --service-worker-schemes=vscode-webview --code-cache-schemes=vscode-webview,vscode-file --app-path=/usr/share/code/resources/app --enable-sandbox --enable-blink-features=HighlightAPI --js-flags=--nodecommit_pooled_pages --disable-blink-features=FontMatchingCTMigration --lang=en-US --num-raster-threads=4 --enable-main-frame-before-activation --renderer-client-id=7 --time-ticks-at-unix-epoch=-1733900000000000 --launch-time-ticks=123456789 --shared-files --field-trial-handle=3,i,1234567890,9876543210,262144 --variations-seed-version',
  ],
  ['postgres', 'postgres: dev app 127.0.0.1(5432) idle'],
  ['bash', '-bash'],
  ['sleep', 'sleep 3600'],
  ['chrome', '/opt/google/chrome/chrome --type=renderer --lang=en-US --num-raster-threads=4'],
  ['sshd', 'sshd: dev@pts/0'],
] as const;

export interface MachineOptions {
  processes: number;
  /** Processes whose CPU time moves every tick. */
  busy?: number;
  /** Processes replaced by a new one (new pid) per tick, on average. */
  churn?: number;
  /** Idle processes whose RSS or fd count moves per tick (reclaim, a page faulted in). */
  drift?: number;
  cores?: number;
  start?: number;
  tickMs?: number;
  seed?: number;
}

export interface Machine {
  /** The next tick's raw sample. */
  tick(): RawSample;
  /** Start `n` copies of a server (each `mb` MiB); their pids. */
  storm(n: number, mb: number, cmdline?: string): number[];
  /** End these processes (they are gone from the next sample on). */
  kill(pids: readonly number[]): void;
  readonly time: number;
}

/** One process's raw row as the collector makes it (an idle `app`), with `over` applied. */
export function rawRow(pid: number, over: Partial<ProcessRaw> = {}): ProcessRaw {
  return {
    pid,
    ppid: 1,
    pgid: pid,
    sid: pid,
    ttyNr: 0,
    uid: 1000,
    name: 'app',
    cmdline: 'app --serve',
    state: 'S',
    cpuTicks: 0,
    startTicks: 50,
    rssBytes: 4096,
    threads: 1,
    fds: 3,
    kernelThread: false,
    ...over,
  };
}

function times(n: number): CpuTimes {
  return { user: n, nice: 0, system: n / 2, idle: n * 3, iowait: 0, irq: 0, softirq: 0, steal: 0 };
}

export function simulatedMachine(o: MachineOptions): Machine {
  const tickMs = o.tickMs ?? 5000;
  const cores = o.cores ?? 4;
  let time = o.start ?? Date.UTC(2026, 10, 30, 8, 0, 0);
  let mono = 1_000_000;
  let seed = o.seed ?? 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  let nextPid = 1000;
  let ticks = 0;
  const rows = new Map<number, ProcessRaw>();
  function spawn(name: string, cmdline: string, rss: number): ProcessRaw {
    const pid = nextPid++;
    const row = rawRow(pid, {
      name,
      cmdline: `${cmdline} #${pid % 97}`,
      startTicks: 100 + ticks * 5,
      rssBytes: rss,
      threads: 1 + (pid % 8),
      fds: 10 + (pid % 30),
    });
    rows.set(pid, row);
    return row;
  }
  for (let i = 0; i < o.processes; i++) {
    const [name, cmd] = PROGRAMS[i % PROGRAMS.length]!;
    spawn(name, cmd, (20 + (i % 200)) * 1024 * 1024);
  }
  const busy = () => [...rows.keys()].slice(0, o.busy ?? 40);
  return {
    get time() {
      return time;
    },
    tick() {
      ticks++;
      time += tickMs;
      mono += tickMs;
      for (const pid of busy()) {
        const r = rows.get(pid)!;
        rows.set(pid, {
          ...r,
          cpuTicks: r.cpuTicks + 1 + Math.floor(rand() * 50),
          state: rand() < 0.2 ? 'R' : 'S',
        });
      }
      const churn = o.churn ?? 0.5;
      for (let c = churn; c > 0; c--) {
        if (rand() > c) continue;
        const victims = [...rows.keys()];
        const pid = victims[Math.floor(rand() * victims.length)]!;
        const r = rows.get(pid)!;
        rows.delete(pid);
        spawn(r.name, r.cmdline.replace(/ #\d+$/, ''), r.rssBytes);
      }
      for (let k = 0; k < (o.drift ?? 0); k++) {
        const all = [...rows.keys()];
        const pid = all[Math.floor(rand() * all.length)]!;
        const r = rows.get(pid)!;
        rows.set(pid, { ...r, rssBytes: r.rssBytes + 4096 * Math.floor(rand() * 64), fds: (r.fds ?? 0) + 1 });
      }
      // New pids only grow and replacing a row keeps its place: the map is in pid order, as /proc lists.
      const list = [...rows.values()];
      const busyTicks = ticks * 40 * cores;
      return {
        time,
        monotonic: mono,
        parts: {
          cpu: {
            total: times(busyTicks),
            perCore: Array.from({ length: cores }, (_, i) => times(busyTicks / cores + i)),
            load1: 1 + (ticks % 7) / 10,
            load5: 1,
            load15: 0.9,
            frequencyMhz: 2400,
            bootTimeSec: Math.floor((o.start ?? time) / 1000) - 86_400,
          },
          memory: {
            totalBytes: 16 * 2 ** 30,
            freeBytes: 4 * 2 ** 30,
            availableBytes: 8 * 2 ** 30 - (ticks % 100) * 2 ** 20,
            buffersBytes: 2 ** 28,
            cachedBytes: 2 * 2 ** 30,
            swapTotalBytes: 2 * 2 ** 30,
            swapFreeBytes: 2 * 2 ** 30,
            pressure: { some10: 0, full10: 0 },
          },
          disks: {
            mounts: [
              {
                mount: '/',
                device: '/dev/sda1',
                fsType: 'ext4',
                totalBytes: 2.5e11,
                freeBytes: 1e11 - ticks * 4096,
                inodesTotal: 1e7,
                inodesFree: 5e6,
                diskName: 'sda',
              },
            ],
            io: [
              {
                name: 'sda',
                readsCompleted: ticks * 3,
                sectorsRead: ticks * 24,
                writesCompleted: ticks * 5,
                sectorsWritten: ticks * 80,
                ioMs: ticks,
                readMs: ticks,
                writeMs: ticks * 2,
              },
            ],
          },
          network: {
            interfaces: [
              {
                interface: 'eth0',
                rxBytes: ticks * 5000,
                txBytes: ticks * 2000,
                rxPackets: ticks,
                txPackets: ticks,
                rxErrors: 0,
                txErrors: 0,
              },
            ],
            connections: { 'tcp.ESTABLISHED': 12 },
          },
          gpus: [],
          temperatures: { cpuC: null, sensors: [] },
          processes: { list, skipped: 0 },
          kernel: [],
        },
      };
    },
    storm(n, mb, cmdline = '/usr/bin/python3 /home/dev/mcp_server.py') {
      return Array.from({ length: n }, () => spawn('python3', cmdline, mb * 1024 * 1024).pid);
    },
    kill(pids) {
      for (const pid of pids) rows.delete(pid);
    },
  };
}
