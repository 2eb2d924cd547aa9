// Disks: per-device I/O counters from /proc/diskstats and space per real filesystem (statfs).
// Local filesystems are asked with statfsSync each tick (microseconds); network and FUSE
// filesystems, whose statfs can block for minutes when the server is gone, are asked by a
// child `stat -f` with a deadline, off the tick, and their last answer is reused meanwhile.
import { readlinkSync, realpathSync, statfsSync } from 'node:fs';
import { basename } from 'node:path';
import type { CollectContext, Collector, DiskIoRaw, DisksRaw, MountRaw } from '../core/types.ts';
import { isSlowFs, type MountInfo, parseMountinfo, realMounts } from './mounts.ts';
import { ProcFileReader } from './procfs.ts';

/** Parse /proc/diskstats (Documentation/admin-guide/iostats.rst); idle loop/ram/zram devices are left out. */
export function parseDiskstats(text: string): DiskIoRaw[] {
  const out: DiskIoRaw[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 14) continue;
    const n = (i: number) => Number(f[i]) || 0;
    const name = f[2]!;
    const d: DiskIoRaw = {
      name,
      readsCompleted: n(3),
      sectorsRead: n(5),
      readMs: n(6),
      writesCompleted: n(7),
      sectorsWritten: n(9),
      writeMs: n(10),
      ioMs: n(12),
    };
    if (/^(loop|ram|zram)\d/.test(name) && d.readsCompleted === 0 && d.writesCompleted === 0) continue;
    out.push(d);
  }
  return out;
}

/** Space of one filesystem, as `df -B1` computes it (f_frsize units; free = f_bavail). */
export interface FsSpace {
  totalBytes: number;
  freeBytes: number;
  inodesTotal: number;
  inodesFree: number;
}

export function spaceFromStatfs(s: {
  blocks: number;
  bavail: number;
  bsize: number;
  frsize?: number;
  files: number;
  ffree: number;
}): FsSpace {
  const unit = s.frsize || s.bsize;
  return {
    totalBytes: s.blocks * unit,
    freeBytes: s.bavail * unit,
    inodesTotal: s.files,
    inodesFree: s.ffree,
  };
}

/** Parse `stat -f -c '%b %a %S %c %d'` (blocks, available blocks, fundamental block size, inodes, free inodes). */
export function parseStatFsOutput(text: string): FsSpace | null {
  const f = text.trim().split(/\s+/).map(Number);
  if (f.length !== 5 || f.some((x) => !Number.isFinite(x) || x < 0)) return null;
  const [blocks, bavail, frsize, files, ffree] = f as [number, number, number, number, number];
  return spaceFromStatfs({ blocks, bavail, bsize: frsize, frsize, files, ffree });
}

export const STAT_FS_FORMAT = '%b %a %S %c %d';

export interface DiskCollectorOptions {
  /** Refresh network/FUSE filesystems at most this often (default 10 s). */
  slowRefreshMs?: number;
  /** A network/FUSE statfs that takes longer is abandoned and the mount reported as not responding (default 2 s). */
  slowTimeoutMs?: number;
  /** The `stat` binary used for network/FUSE filesystems (default `stat` on PATH). */
  statCommand?: string;
}

interface SlowState {
  space: FsSpace | null;
  lastStart: number;
  inFlight: boolean;
  hung: boolean;
  kill: (() => void) | null;
}

export function diskCollector(opts: DiskCollectorOptions = {}): Collector<'disks'> {
  const reader = new ProcFileReader(64 * 1024);
  const slowRefreshMs = opts.slowRefreshMs ?? 10_000;
  const slowTimeoutMs = opts.slowTimeoutMs ?? 2_000;
  const statCommand = opts.statCommand ?? 'stat';
  const diskNames = new Map<string, string | null>();
  const slow = new Map<string, SlowState>();
  // The mount table rarely changes: parse it again only when its text does (container hosts
  // carry hundreds of mounts).
  let lastInfo = '';
  let lastReal: MountInfo[] = [];

  function diskNameOf(ctx: CollectContext, m: MountInfo): string | null {
    const key = `${m.major}:${m.minor}`;
    if (diskNames.has(key)) return diskNames.get(key) ?? null;
    let name: string | null = null;
    try {
      name = basename(readlinkSync(`${ctx.roots.sys}/dev/block/${key}`));
    } catch {
      // No sysfs entry (network filesystem, fixture root): the source device, if it is one.
      if (m.source.startsWith('/dev/')) {
        try {
          name = basename(realpathSync(m.source));
        } catch {
          name = basename(m.source);
        }
      }
    }
    diskNames.set(key, name);
    return name;
  }

  function querySlow(ctx: CollectContext, m: MountInfo, st: SlowState): void {
    st.inFlight = true;
    st.lastStart = ctx.clock.monotonic();
    void (async () => {
      const { execa } = await import('execa');
      const child = execa(statCommand, ['-f', '-c', STAT_FS_FORMAT, '--', m.path], {
        reject: false,
        stdin: 'ignore',
        timeout: slowTimeoutMs,
        forceKillAfterDelay: 500,
        env: { LC_ALL: 'C' },
      });
      st.kill = () => child.kill('SIGKILL');
      const r = await child;
      st.kill = null;
      st.inFlight = false;
      if (r.timedOut) {
        st.hung = true;
        st.space = null;
        ctx.log.once(`mount-hung:${m.mount}`, 'warn', 'filesystem not responding; skipped until it answers', {
          mount: m.mount,
          fsType: m.fsType,
          timeoutMs: slowTimeoutMs,
        });
        return;
      }
      const space = r.exitCode === 0 ? parseStatFsOutput(String(r.stdout)) : null;
      if (!space) {
        ctx.log.once(`mount-statfs:${m.mount}`, 'info', 'cannot read filesystem usage', {
          mount: m.mount,
          error: String(r.stderr || r.shortMessage).slice(0, 200),
        });
      }
      st.hung = false;
      st.space = space;
    })().catch((err: unknown) => {
      st.inFlight = false;
      st.kill = null;
      ctx.log.once(`mount-statfs:${m.mount}`, 'info', 'cannot read filesystem usage', {
        mount: m.mount,
        error: (err as Error).message,
      });
    });
  }

  return {
    name: 'disks',
    collect(ctx: CollectContext): DisksRaw {
      const diskstats = reader.read(`${ctx.roots.proc}/diskstats`);
      const io = diskstats === null ? [] : parseDiskstats(diskstats);
      const info = reader.read(`${ctx.roots.proc}/self/mountinfo`, 'utf8');
      if (info === null) {
        ctx.log.once('mountinfo-missing', 'warn', 'cannot read the mount table', {
          path: `${ctx.roots.proc}/self/mountinfo`,
        });
        return { mounts: [], io };
      }
      const mounts: MountRaw[] = [];
      const seenSlow = new Set<string>();
      if (info !== lastInfo) {
        lastInfo = info;
        lastReal = realMounts(parseMountinfo(info));
      }
      for (const m of lastReal) {
        let space: FsSpace | null = null;
        if (isSlowFs(m.fsType)) {
          seenSlow.add(m.mount);
          let st = slow.get(m.mount);
          if (!st) {
            st = {
              space: null,
              lastStart: Number.NEGATIVE_INFINITY,
              inFlight: false,
              hung: false,
              kill: null,
            };
            slow.set(m.mount, st);
          }
          if (!st.inFlight && ctx.clock.monotonic() - st.lastStart >= slowRefreshMs) querySlow(ctx, m, st);
          space = st.hung ? null : st.space;
        } else {
          try {
            // The kernel's path: a mount point with a newline is shown sanitised, asked as it is.
            space = spaceFromStatfs(statfsSync(m.path));
          } catch (err) {
            ctx.log.once(`mount-statfs:${m.mount}`, 'info', 'cannot read filesystem usage', {
              mount: m.mount,
              error: (err as NodeJS.ErrnoException).code ?? (err as Error).message,
            });
          }
        }
        if (!space || space.totalBytes === 0) continue;
        mounts.push({
          mount: m.mount,
          device: m.source,
          fsType: m.fsType,
          ...space,
          diskName: diskNameOf(ctx, m),
        });
      }
      for (const [mount, st] of slow) if (!seenSlow.has(mount) && !st.inFlight) slow.delete(mount);
      return { mounts, io };
    },
    close() {
      for (const st of slow.values()) st.kill?.();
    },
  };
}
