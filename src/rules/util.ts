// Small helpers shared by the rules.
import type { ProcessSnapshot } from '../core/types.ts';
import type { AncestorInfo } from '../engine/lineage.ts';

/** Pseudo and read-only image filesystems: never "full" in a way the user can act on. */
export const PSEUDO_FS = new Set([
  'proc',
  'sysfs',
  'devtmpfs',
  'devpts',
  'tmpfs',
  'ramfs',
  'cgroup',
  'cgroup2',
  'securityfs',
  'debugfs',
  'tracefs',
  'pstore',
  'bpf',
  'configfs',
  'fusectl',
  'mqueue',
  'hugetlbfs',
  'autofs',
  'binfmt_misc',
  'nsfs',
  'squashfs',
  'iso9660',
  'efivarfs',
  'rpc_pipefs',
  'overlay',
]);

export function isRealFs(fsType: string, totalBytes: number): boolean {
  return totalBytes > 0 && !PSEUDO_FS.has(fsType);
}

export function percent(part: number, whole: number): number {
  return whole > 0 ? (part / whole) * 100 : 0;
}

export function pct(n: number): string {
  return `${(Math.round(n * 10) / 10).toFixed(1)}%`;
}

/** At most `max` pids, then "…". */
export function pidList(pids: readonly number[], max = 20): string {
  const shown = pids.slice(0, max).join(', ');
  return pids.length > max ? `${shown}, … (+${pids.length - max})` : shown;
}

export function shortCmd(p: { cmdline: string; name: string }, max = 120): string {
  const c = p.cmdline || `[${p.name}]`;
  return c.length > max ? `${c.slice(0, max - 1)}…` : c;
}

export function topBy(
  processes: readonly ProcessSnapshot[],
  pick: (p: ProcessSnapshot) => number,
): ProcessSnapshot | undefined {
  let best: ProcessSnapshot | undefined;
  for (const p of processes) {
    if (p.kernelThread) continue;
    if (!best || pick(p) > pick(best)) best = p;
  }
  return best;
}

/** AI coding tools whose children (MCP servers, language servers…) tend to be left behind. */
export const AI_TOOLS = [
  'claude',
  'codex',
  'cursor',
  'gemini',
  'aider',
  'copilot',
  'windsurf',
  'opencode',
  'goose',
  'cline',
  'qwen',
] as const;

const AI_PACKAGES: [RegExp, string][] = [
  [/@anthropic-ai\/claude-code/, 'claude'],
  [/@openai\/codex/, 'codex'],
  [/@google\/gemini-cli/, 'gemini'],
];

const INTERPRETERS = /^(node|nodejs|python[\d.]*|bun|deno)$/;

/** The AI tool this process is, by comm, executable or script name; null otherwise. */
export function aiToolOf(a: Pick<AncestorInfo, 'name' | 'cmdline'>): string | null {
  const names = [a.name.toLowerCase()];
  const words = a.cmdline.split(' ').filter(Boolean);
  const exe = (words[0] ?? '').split('/').pop()?.toLowerCase() ?? '';
  names.push(exe);
  if (INTERPRETERS.test(exe)) {
    const script = words.slice(1).find((w) => !w.startsWith('-'));
    if (script) names.push((script.split('/').pop() ?? '').toLowerCase().replace(/\.(m?js|cjs|py)$/, ''));
  }
  for (const n of names) {
    const hit = AI_TOOLS.find((t) => n === t || n.startsWith(`${t}-`) || n.startsWith(`${t}.`));
    if (hit) return hit;
  }
  for (const [re, tool] of AI_PACKAGES) if (re.test(a.cmdline)) return tool;
  return null;
}

export function isNode(a: Pick<AncestorInfo, 'name' | 'cmdline'>): boolean {
  const exe = (a.cmdline.split(' ')[0] ?? '').split('/').pop() ?? '';
  return a.name === 'node' || a.name === 'nodejs' || exe === 'node' || exe === 'nodejs';
}
