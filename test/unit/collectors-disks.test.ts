import assert from 'node:assert/strict';
import { readFileSync, statfsSync } from 'node:fs';
import { test } from 'node:test';
import {
  diskCollector,
  parseDiskstats,
  parseStatFsOutput,
  spaceFromStatfs,
} from '../../src/collectors/disks.ts';
import { isSlowFs, parseMountinfo, realMounts, unescapeMountPath } from '../../src/collectors/mounts.ts';
import { realClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import type { CollectContext } from '../../src/core/types.ts';
import { deriveDisks } from '../../src/engine/derive.ts';

const FIX = new URL('../fixtures/', import.meta.url).pathname;
const mountinfo = (name: string) => parseMountinfo(readFileSync(`${FIX}mountinfo/${name}`, 'utf8'));

test('mountinfo: fields, optional fields, octal escapes', () => {
  const list = mountinfo('workstation.txt');
  assert.equal(list.length, 21);
  assert.deepEqual(list[0], {
    mountId: 22,
    parentId: 1,
    major: 259,
    minor: 2,
    root: '/',
    mount: '/',
    path: '/',
    fsType: 'ext4',
    source: '/dev/nvme0n1p2',
    options: 'rw,relatime',
  });
  assert.equal(list.find((m) => m.mountId === 31)?.mount, '/mnt/data disk');
  // A newline in a mount point: shown as a space, asked (statfs) with the newline.
  const [nl] = parseMountinfo('40 27 7:0 / /mnt/new\\012line rw - ext4 /dev/loop0 rw\n');
  assert.deepEqual([nl?.mount, nl?.path], ['/mnt/new line', '/mnt/new\nline']);
  assert.equal(unescapeMountPath('a\\011b\\134c'), 'a\tb\\c');
  assert.deepEqual(parseMountinfo('garbage line\n\n1 2 3\n'), []);
});

test('real mounts: no pseudo filesystems, one entry per filesystem (bind mounts, btrfs subvolumes)', () => {
  const shown = realMounts(mountinfo('workstation.txt')).map((m) => `${m.mount} ${m.fsType}`);
  assert.deepEqual(shown, [
    '/ ext4',
    '/boot/efi vfat',
    '/home btrfs',
    '/home/ana/remote fuse.sshfs',
    '/mnt/data disk ext4',
    '/mnt/nas nfs4',
    '/mnt/share cifs',
  ]);
  // In a container: the overlay root, and the host disk once (bind mounts of files and dirs).
  assert.deepEqual(
    realMounts(mountinfo('container.txt')).map((m) => m.mount),
    ['/', '/work'],
  );
  // This machine, captured: only the root filesystem is real.
  assert.deepEqual(
    realMounts(mountinfo('sandbox-vm.txt')).map((m) => m.mount),
    ['/'],
  );
  for (const t of ['nfs', 'nfs4', 'cifs', 'fuse.sshfs', 'fuse', 'ceph', '9p']) assert.ok(isSlowFs(t), t);
  for (const t of ['ext4', 'xfs', 'btrfs', 'vfat', 'overlay', 'zfs']) assert.ok(!isSlowFs(t), t);
});

test('diskstats: counters per device, idle loop devices left out', () => {
  const io = parseDiskstats(
    [
      '   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0',
      '   7       1 loop1 812 0 20310 220 0 0 0 0 0 310 220 0 0 0 0 0 0',
      ' 254       0 vda 29092 6460 1826602 5467 5699 21266 2306392 7077 0 3600 12824 3594 78 78112 249 677 28',
      ' 259       2 nvme0n1p2 100 0 800 50 10 0 80 30 0 70 80',
    ].join('\n'),
  );
  assert.deepEqual(
    io.map((d) => d.name),
    ['loop1', 'vda', 'nvme0n1p2'],
  );
  assert.deepEqual(io[1], {
    name: 'vda',
    readsCompleted: 29092,
    sectorsRead: 1826602,
    readMs: 5467,
    writesCompleted: 5699,
    sectorsWritten: 2306392,
    writeMs: 7077,
    ioMs: 3600,
  });
});

test('space as df computes it: f_frsize units, free = f_bavail', () => {
  assert.deepEqual(
    spaceFromStatfs({ blocks: 100, bavail: 40, bsize: 4096, frsize: 1024, files: 10, ffree: 7 }),
    {
      totalBytes: 102400,
      freeBytes: 40960,
      inodesTotal: 10,
      inodesFree: 7,
    },
  );
  assert.deepEqual(parseStatFsOutput('66053021 20694598 4096 16777216 16357480\n'), {
    totalBytes: 66053021 * 4096,
    freeBytes: 20694598 * 4096,
    inodesTotal: 16777216,
    inodesFree: 16357480,
  });
  assert.equal(parseStatFsOutput('stat: cannot read file system information'), null);
});

test('disk collector on this machine: / with its diskstats device; rates from two samples', async () => {
  const log = memoryLogger();
  const col = diskCollector();
  const c: CollectContext = {
    roots: { proc: '/proc', sys: '/sys', dev: '/dev' },
    clock: realClock,
    log,
    tick: 0,
  };
  const a = await col.collect(c);
  const root = a.mounts.find((m) => m.mount === '/');
  assert.ok(root, 'root filesystem present');
  const s = statfsSync('/');
  assert.equal(root.totalBytes, s.blocks * s.frsize);
  assert.ok(Math.abs(root.freeBytes - s.bavail * s.frsize) < 256 * 1024 * 1024);
  assert.ok(
    root.diskName && a.io.some((d) => d.name === root.diskName),
    `diskName ${root.diskName} in diskstats`,
  );
  assert.ok(!a.mounts.some((m) => ['proc', 'sysfs', 'tmpfs', 'cgroup'].includes(m.fsType)));
  await new Promise((r) => setTimeout(r, 50));
  const b = await col.collect({ ...c, tick: 1 });
  const disks = deriveDisks(a, b, 50);
  const d = disks.find((x) => x.mount === '/');
  assert.ok(d && d.readBytesPerSec !== null && d.readBytesPerSec >= 0 && d.latencyMs !== null);
  assert.ok(d.freePercent > 0 && d.freePercent <= 100);
  await col.close?.();
});
