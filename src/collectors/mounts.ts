// /proc/self/mountinfo: which filesystems are real, once each. Pure parsing and filtering; the
// statfs calls live in disks.ts.

import { compareText } from '../core/compare.ts';
import { sanitize } from '../core/sanitize.ts';

export interface MountInfo {
  mountId: number;
  parentId: number;
  major: number;
  minor: number;
  /** Root of the mount inside its filesystem ('/' unless it is a bind mount of a subtree). */
  root: string;
  /** The mount point, sanitised: what is shown (a newline in it becomes a space). */
  mount: string;
  /** The mount point exactly as the kernel has it: what statfs is called on. */
  path: string;
  fsType: string;
  source: string;
  options: string;
}

/** Undo the kernel's octal escapes in mountinfo paths (`\040` space, `\011` tab, `\012`, `\134`). */
export function unescapeMountPath(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(Number.parseInt(oct, 8)));
}

/** Parse /proc/PID/mountinfo (proc(5)); malformed lines are skipped. */
export function parseMountinfo(text: string): MountInfo[] {
  const out: MountInfo[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const f = line.split(' ');
    const sep = f.indexOf('-', 6);
    if (f.length < 10 || sep < 0 || sep + 2 >= f.length) continue;
    const [major, minor] = (f[2] ?? '').split(':').map(Number);
    if (!Number.isInteger(major) || !Number.isInteger(minor)) continue;
    out.push({
      mountId: Number(f[0]),
      parentId: Number(f[1]),
      major: major!,
      minor: minor!,
      root: sanitize(unescapeMountPath(f[3] ?? '')),
      mount: sanitize(unescapeMountPath(f[4] ?? '')),
      path: unescapeMountPath(f[4] ?? ''),
      options: f[5] ?? '',
      fsType: sanitize(f[sep + 1] ?? '', 64),
      source: sanitize(unescapeMountPath(f[sep + 2] ?? ''), 256),
    });
  }
  return out;
}

/**
 * Filesystems that hold no user data (kernel interfaces, memory-backed, read-only images that
 * are always 100% full): never shown as disks.
 */
const PSEUDO = new Set([
  'autofs',
  'binfmt_misc',
  'bpf',
  'cgroup',
  'cgroup2',
  'configfs',
  'debugfs',
  'devpts',
  'devtmpfs',
  'efivarfs',
  'fusectl',
  'hugetlbfs',
  'iso9660',
  'mqueue',
  'nsfs',
  'proc',
  'pstore',
  'ramfs',
  'rpc_pipefs',
  'securityfs',
  'selinuxfs',
  'squashfs',
  'sysfs',
  'tmpfs',
  'tracefs',
  'udf',
  'fuse.gvfsd-fuse',
  'fuse.lxcfs',
  'fuse.portal',
  'fuse.snapfuse',
]);

/** Filesystems whose statfs can block for a long time (network, FUSE): queried off the tick. */
const SLOW = /^(nfs4?|cifs|smb3|smbfs|ceph|glusterfs|9p|afs|davfs|lustre|gpfs|beegfs|fuse(\..*|blk)?|sshfs)$/;

export function isPseudoFs(fsType: string): boolean {
  return PSEUDO.has(fsType);
}

export function isSlowFs(fsType: string): boolean {
  return SLOW.test(fsType);
}

/**
 * The filesystems worth showing: no pseudo filesystems, no container overlay layers, and each
 * filesystem once (bind mounts and btrfs subvolumes share major:minor) — the mount of its root
 * with the shortest path wins, as `df` does.
 */
export function realMounts(list: MountInfo[]): MountInfo[] {
  const best = new Map<string, MountInfo>();
  for (const m of list) {
    if (isPseudoFs(m.fsType)) continue;
    if (m.fsType === 'overlay' && m.mount !== '/') continue;
    const key = `${m.major}:${m.minor}`;
    const cur = best.get(key);
    if (!cur || rank(m) < rank(cur)) best.set(key, m);
  }
  return [...best.values()].sort((a, b) => compareText(a.mount, b.mount));
}

function rank(m: MountInfo): number {
  // A mount of the filesystem's root beats a bind mount of a subtree; then the shorter path.
  return (m.root === '/' ? 0 : 1_000_000) + m.mount.length;
}
