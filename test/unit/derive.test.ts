import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CpuTimes, ProcessRaw, RawSample } from '../../src/core/types.ts';
import { createDeriveMemo, derive } from '../../src/engine/derive.ts';

const times = (busy: number, idle: number): CpuTimes => ({
  user: busy,
  nice: 0,
  system: 0,
  idle,
  iowait: 0,
  irq: 0,
  softirq: 0,
  steal: 0,
});
const proc = (pid: number, cpuTicks: number, startTicks = 100): ProcessRaw => ({
  pid,
  ppid: 1,
  pgid: pid,
  sid: pid,
  ttyNr: 0,
  uid: 1000,
  name: 'p',
  cmdline: 'p',
  state: 'S',
  cpuTicks,
  startTicks,
  rssBytes: 4096,
  threads: 1,
  fds: 3,
  kernelThread: false,
});
function sample(
  t: number,
  busy: number,
  idle: number,
  procs: ProcessRaw[],
  rx: number,
  sectors: number,
): RawSample {
  return {
    time: 1_800_000_000_000 + t,
    monotonic: t,
    parts: {
      cpu: {
        total: times(busy, idle),
        perCore: [times(busy, idle)],
        load1: 1,
        load5: 1,
        load15: 1,
        frequencyMhz: null,
        bootTimeSec: 1_799_999_000,
      },
      processes: { list: procs, skipped: 0 },
      network: {
        interfaces: [
          {
            interface: 'eth0',
            rxBytes: rx,
            txBytes: 0,
            rxPackets: 0,
            txPackets: 0,
            rxErrors: 0,
            txErrors: 0,
          },
        ],
        connections: {},
      },
      disks: {
        mounts: [
          {
            mount: '/',
            device: '/dev/sda1',
            fsType: 'ext4',
            totalBytes: 1000,
            freeBytes: 250,
            inodesTotal: 100,
            inodesFree: 50,
            diskName: 'sda1',
          },
        ],
        io: [
          {
            name: 'sda1',
            readsCompleted: sectors / 8,
            sectorsRead: sectors,
            writesCompleted: 0,
            sectorsWritten: 0,
            ioMs: 0,
            readMs: sectors / 8,
            writeMs: 0,
          },
        ],
      },
    },
  };
}
const ctx = { version: 't', hostname: 'h', userOf: () => 'dev' };

test('rates come from two samples; a busy process shows ~100% of one core', () => {
  const a = sample(0, 100, 900, [proc(10, 0), proc(11, 50), proc(12, 0)], 0, 0);
  const b = sample(2000, 300, 1900, [proc(10, 200), proc(11, 50), proc(12, 10, 999)], 2_000_000, 800);
  const s = derive(a, b, ctx);
  assert.equal(s.cpu.usagePercent, 16.7);
  const byPid = new Map(s.processes.map((p) => [p.pid, p]));
  assert.equal(byPid.get(10)!.cpuPercent, 100);
  assert.equal(byPid.get(11)!.cpuPercent, 0);
  assert.equal(byPid.get(12)!.cpuPercent, null, 'same pid, new start time: PID reuse, no rate');
  assert.equal(s.network[0]!.rxBytesPerSec, 1_000_000);
  assert.equal(s.disks[0]!.readBytesPerSec, 204_800);
  assert.equal(s.disks[0]!.latencyMs, 1);
  assert.equal(s.disks[0]!.freePercent, 25);
  assert.equal(s.disks[0]!.inodesFreePercent, 50);
  assert.equal(s.uptimeSeconds, 1002);
});

test('the first sample has no rates but every field', () => {
  const s = derive(null, sample(0, 1, 1, [proc(1, 5)], 5, 5), ctx);
  assert.equal(s.cpu.usagePercent, null);
  assert.deepEqual(s.cpu.perCore, [null]);
  assert.equal(s.processes[0]!.cpuPercent, null);
  assert.equal(s.network[0]!.rxBytesPerSec, null);
  assert.equal(s.disks[0]!.readBytesPerSec, null);
  assert.deepEqual(s.gpus, []);
});

test('the memo changes nothing: same snapshot with and without, in any order', () => {
  const shared = proc(20, 70);
  const a = sample(0, 100, 900, [proc(3, 0), proc(10, 0), shared, proc(30, 5)], 0, 0);
  const b = sample(2000, 300, 1900, [proc(3, 100), proc(10, 200), shared, proc(25, 1), proc(30, 5, 7)], 0, 0);
  const plain = derive(a, b, ctx);
  const memo = createDeriveMemo();
  derive(null, a, { ...ctx, memo });
  assert.deepEqual(derive(a, b, { ...ctx, memo }), plain);
  const shuffled = (s: RawSample): RawSample => ({
    ...s,
    parts: { ...s.parts, processes: { list: [...s.parts.processes!.list].reverse(), skipped: 0 } },
  });
  const byPid = (s: ReturnType<typeof derive>) => new Map(s.processes.map((p) => [p.pid, p]));
  assert.deepEqual(byPid(derive(shuffled(a), shuffled(b), ctx)), byPid(plain));
  assert.deepEqual(byPid(derive(a, shuffled(b), { ...ctx, memo })), byPid(plain));
  const p = byPid(plain);
  assert.equal(p.get(3)!.cpuPercent, 50);
  assert.equal(p.get(20)!.cpuPercent, 0, 'the same row object: the process did not move');
  assert.equal(p.get(25)!.cpuPercent, null, 'new process: no rate yet');
  assert.equal(p.get(30)!.cpuPercent, null, 'pid 30 with another start time');
  assert.equal(p.get(30)!.startTime, new Date(1_799_999_000_000 + 70).toISOString());
});

test("through the memo the previous row is the previous list's, never an older one", () => {
  // pid 40 is in the first and third samples only: its rate in the third is against nothing.
  const a = sample(0, 100, 900, [proc(10, 0), proc(40, 0)], 0, 0);
  const b = sample(1000, 200, 1800, [proc(10, 100)], 0, 0);
  const c = sample(2000, 300, 2700, [proc(10, 200), proc(40, 300)], 0, 0);
  const memo = createDeriveMemo();
  derive(null, a, { ...ctx, memo });
  assert.deepEqual(derive(a, b, { ...ctx, memo }), derive(a, b, ctx));
  const third = derive(b, c, { ...ctx, memo });
  assert.deepEqual(third, derive(b, c, ctx));
  assert.equal(
    third.processes.find((p) => p.pid === 40)!.cpuPercent,
    null,
    'no row in b: no rate (not one against a)',
  );
  // A previous list the memo did not derive (a replay asks for any two samples): read as given.
  assert.deepEqual(derive(a, c, { ...ctx, memo }), derive(a, c, ctx));
});

test('the memo forgets the start times of processes that are gone and follows a new boot time', () => {
  const memo = createDeriveMemo();
  const many = Array.from({ length: 200 }, (_, i) => proc(100 + i, 0, 100 + i));
  derive(null, sample(0, 1, 1, many, 0, 0), { ...ctx, memo });
  assert.equal(memo.startTimes.size, 200);
  const few = sample(1000, 2, 2, many.slice(0, 10), 0, 0);
  derive(null, few, { ...ctx, memo });
  assert.equal(memo.startTimes.size, 10, 'the 190 processes gone are forgotten');
  const rebooted = {
    ...few,
    parts: { ...few.parts, cpu: { ...few.parts.cpu!, bootTimeSec: 1_799_999_500 } },
  };
  const s = derive(null, rebooted, { ...ctx, memo });
  assert.equal(s.processes[0]!.startTime, new Date(1_799_999_500_000 + 1000).toISOString());
});
