// What a process's cgroup says about it: the systemd unit that manages it (a service, or a user's
// session, app or terminal scope) or the container it runs in. The per-tick collector keeps one
// path per process (read once per pid + start time); the rules and `explain` classify it here, so
// a process is judged the same whichever path looked at it. Every name is a foreign string: any
// process with the right to create cgroups chooses them, so they are sanitised and capped.
import { sanitize } from '../core/sanitize.ts';

/** Longest cgroup path kept. */
export const CGROUP_MAX = 512;

/**
 * The one path of a /proc/PID/cgroup text that says who manages the process: the systemd
 * hierarchy (v1 `name=systemd`) or the unified one (`0::`), whichever is not the root; else a
 * container's path in any controller (cgroup v1 without systemd); else `/`. '' for an empty text.
 */
export function cgroupPathOf(text: string): string {
  let systemd: string | null = null;
  let unified: string | null = null;
  let container: string | null = null;
  let any = false;
  for (const line of text.split('\n')) {
    const a = line.indexOf(':');
    const b = a < 0 ? -1 : line.indexOf(':', a + 1);
    if (b < 0) continue;
    any = true;
    const controllers = line.slice(a + 1, b);
    const path = line.slice(b + 1);
    if (path === '/' || path === '') continue;
    if (controllers === 'name=systemd') systemd ??= path;
    else if (controllers === '' && line.startsWith('0:')) unified ??= path;
    else if (container === null && containerOf(path) !== null) container = path;
  }
  const path = systemd ?? unified ?? container;
  if (path !== null) return sanitize(path, CGROUP_MAX);
  return any ? '/' : '';
}

/** Who manages a process, by its cgroup. */
export type CgroupKind =
  /** A systemd service unit (system.slice, or a user manager's own services): managed, not leaked. */
  | 'service'
  /** A user's session, app or terminal scope (or user.slice without a unit): the user started it. */
  | 'user'
  /** Inside a container (docker, podman, containerd, CRI-O, Kubernetes, LXC, nspawn). */
  | 'container'
  /** No unit information (the root cgroup, as without systemd): lineage alone decides. */
  | 'none';

export interface CgroupInfo {
  kind: CgroupKind;
  /** The innermost `.service` or `.scope` unit, or null. */
  unit: string | null;
  /** The innermost `.slice`, or null. */
  slice: string | null;
  /** `docker 0123456789ab`, `podman …`: the runtime and a short id, or null. */
  container: string | null;
}

const CONTAINERS: [RegExp, string][] = [
  [/docker[-/]([0-9a-f]{12,64})/, 'docker'],
  [/libpod-(?:conmon-)?([0-9a-f]{12,64})/, 'podman'],
  [/cri-containerd-([0-9a-f]{12,64})/, 'containerd'],
  [/crio-(?:conmon-)?([0-9a-f]{12,64})/, 'cri-o'],
  [/kubepods[^\n]*?([0-9a-f]{64})/, 'kubernetes'],
  [/\/lxc(?:\.payload)?[./]([\w.-]+)/, 'lxc'],
  [/machine-([\w\\-]+)\.scope/, 'systemd-nspawn'],
];

/** `docker 0123456789ab` when the path is a container's, else null. */
export function containerOf(path: string): string | null {
  for (const [re, runtime] of CONTAINERS) {
    const m = re.exec(path);
    if (m) return `${runtime} ${sanitize(m[1]!.slice(0, 12), 64)}`;
  }
  return null;
}

const NONE: CgroupInfo = { kind: 'none', unit: null, slice: null, container: null };

/**
 * Classify a cgroup path. The innermost unit decides: a `.service` is managed by systemd (the
 * user manager `user@UID.service` holds the user's own services under it, and its own
 * `init.scope` is the manager itself), a session, app or terminal `.scope` is the user's.
 */
export function classifyCgroup(path: string | null | undefined): CgroupInfo {
  if (!path || path === '/') return NONE;
  const container = containerOf(path);
  const parts = path.split('/').filter(Boolean);
  let unit: string | null = null;
  let slice: string | null = null;
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i]!;
    if (unit === null && (p.endsWith('.service') || p.endsWith('.scope'))) unit = p;
    if (slice === null && p.endsWith('.slice')) slice = p;
  }
  if (container) return { kind: 'container', unit, slice, container };
  if (unit === 'init.scope') return { kind: 'service', unit, slice, container: null };
  if (unit?.endsWith('.service')) return { kind: 'service', unit, slice, container: null };
  if (unit?.endsWith('.scope') || parts[0] === 'user.slice')
    return { kind: 'user', unit, slice, container: null };
  return { kind: 'none', unit, slice, container: null };
}
