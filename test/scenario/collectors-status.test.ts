// `vigil status --json` against this machine (df, /proc/net/dev, no GPU) and against fixture
// roots (VIGIL_SYS_ROOT + VIGIL_NVIDIA_SMI): the whole CLI, real processes.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Snapshot } from '../../src/core/types.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const FIX = `${ROOT}test/fixtures/`;
const tmp = mkdtempSync(join(tmpdir(), 'vigil-status-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function status(extraEnv: Record<string, string> = {}): { snap: Snapshot; stderr: string } {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: tmp,
    XDG_CONFIG_HOME: `${tmp}/config`,
    VIGIL_DATA_DIR: `${tmp}/data`,
    LANG: 'C',
    ...extraEnv,
  };
  const r = spawnSync(process.execPath, [`${ROOT}src/cli/main.ts`, 'status', '--json'], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, `status failed: ${r.stderr}`);
  return { snap: JSON.parse(r.stdout) as Snapshot, stderr: r.stderr };
}

test('status --json on this machine: / agrees with df, every /proc/net/dev interface, gpus: []', () => {
  const { snap, stderr } = status();
  const df = execFileSync('df', ['-B1', '--output=source,fstype,size,avail,itotal,iavail', '/'], {
    encoding: 'utf8',
    env: { LC_ALL: 'C', PATH: process.env.PATH },
  })
    .trim()
    .split('\n')[1]!
    .trim()
    .split(/\s+/);
  const [source, fsType, size, avail, itotal, iavail] = df as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const root = snap.disks.find((d) => d.mount === '/');
  assert.ok(root, `/ in ${JSON.stringify(snap.disks)}`);
  assert.equal(root.device, source);
  assert.equal(root.fsType, fsType);
  assert.equal(root.totalBytes, Number(size));
  // Free space moves while other work writes to the disk: within 1 GiB or 1 %.
  const tolerance = Math.max(1024 ** 3, Number(size) / 100);
  assert.ok(Math.abs(root.freeBytes - Number(avail)) < tolerance, `free ${root.freeBytes} vs df ${avail}`);
  const dfInodesFree = (Number(iavail) / Number(itotal)) * 100;
  assert.ok(root.inodesFreePercent !== null && Math.abs(root.inodesFreePercent - dfInodesFree) < 1);
  assert.ok(root.readBytesPerSec !== null && root.writeBytesPerSec !== null && root.latencyMs !== null);
  // No pseudo filesystem is a disk.
  assert.ok(
    !snap.disks.some((d) => ['proc', 'sysfs', 'tmpfs', 'devtmpfs', 'cgroup', 'cgroup2'].includes(d.fsType)),
  );

  const names = readFileSync('/proc/net/dev', 'latin1')
    .split('\n')
    .slice(2)
    .filter((l) => l.includes(':'))
    .map((l) => l.split(':')[0]!.trim());
  assert.ok(names.length > 0);
  assert.deepEqual(snap.network.map((n) => n.interface).sort(), [...names].sort());
  assert.ok(
    snap.network.every((n) => typeof n.rxBytesPerSec === 'number' && typeof n.txBytesPerSec === 'number'),
  );

  assert.deepEqual(snap.gpus, []);
  assert.equal(snap.cpu.temperatureC, null, 'no sensors here');
  // Absence is normal for a one-shot command: nothing about it on stderr.
  assert.doesNotMatch(stderr, /nvidia-smi|temperature sensors/);
});

test('status --json with fixture roots: NVIDIA (fake nvidia-smi) and AMD (fixture sysfs) GPUs, CPU temperature', () => {
  const { snap } = status({
    VIGIL_SYS_ROOT: `${FIX}sys/workstation`,
    VIGIL_NVIDIA_SMI: `${FIX}gpu/nvidia-smi`,
  });
  assert.deepEqual(
    snap.gpus.map((g) => [g.index, g.vendor, g.name, g.utilizationPercent, g.temperatureC]),
    [
      [0, 'nvidia', 'NVIDIA GeForce RTX 4090', 37, 61],
      [1, 'nvidia', 'NVIDIA A100-SXM4-40GB', null, 34],
      [2, 'nvidia', 'Tesla T4', 0, null],
      [3, 'amd', 'AMD Radeon RX 7900 XTX', 23, 52],
    ],
  );
  assert.deepEqual(snap.gpus[0]!.processes, [
    { pid: 4242, memoryBytes: 9216 * 1024 * 1024 },
    { pid: 4310, memoryBytes: 1024 * 1024 * 1024 },
  ]);
  assert.deepEqual(snap.gpus[1]!.processes, [{ pid: 5120, memoryBytes: null }]);
  assert.equal(snap.gpus[3]!.memoryTotalBytes, 25753026560);
  assert.equal(snap.cpu.temperatureC, 67);
  // The real /proc still drives the rest.
  assert.ok(snap.disks.some((d) => d.mount === '/'));
});
