// The local explanation: what Vigil can say without any AI about the processes developers meet —
// what it is (kinds.ts), who started it and whether that parent still lives (remembered or live
// lineage), and what to do given both. It is the whole answer without a key, and the fallback
// when the AI fails.
import type { Language } from '../config/types.ts';
import { formatBytes } from '../core/format.ts';
import type { Alert, ProcessSnapshot, Snapshot } from '../core/types.ts';
import { t } from '../i18n/index.ts';
import type { AncestorFact } from './context.ts';
import { type Classification, classify, scriptOf } from './kinds.ts';

export { type Classification, classify, KINDS, type Kind } from './kinds.ts';

/** What the explanation may know besides the process itself. */
export interface LocalContext {
  /** Ancestors, nearest first (remembered lineage says which are gone). */
  lineage?: readonly AncestorFact[];
  /**
   * Init is its parent although it does not lead its own session: the process that started it
   * died and init adopted it (a service started by init leads its own session).
   */
  adopted?: boolean;
  /** RSS now, for the advice on big processes. */
  rssBytes?: number;
}

export interface LocalExplanation {
  classification: Classification | null;
  /** What it is, who started it, whether that parent lives. */
  text: string;
  /** What to do. */
  advice: string;
}

/** Whose parent this is: the nearest ancestor with a name (an unknown one is skipped). */
function parentOf(ctx: LocalContext): AncestorFact | null {
  return ctx.lineage?.find((a) => a.name !== '' && a.pid > 0) ?? null;
}

function whatItIs(
  p: Pick<ProcessSnapshot, 'name' | 'cmdline'>,
  c: Classification | null,
  lang: Language,
): string {
  if (!c) return t(lang, 'ai.kind.unknown', { name: p.name });
  if (c.kind === 'runtime') {
    const script = scriptOf(p.cmdline);
    if (script) return t(lang, 'ai.kind.runtime_script', { tool: c.tool, script });
  }
  return t(lang, `ai.kind.${c.kind}`, { tool: c.tool, name: p.name });
}

/** "Started by X (pid N), which still runs / has exited", or that init adopted it. */
function whoStartedIt(ctx: LocalContext, lang: Language): { text: string; parentGone: boolean | null } {
  const parent = parentOf(ctx);
  if (!parent || parent.pid === 1) {
    if (ctx.adopted) return { text: t(lang, 'ai.origin.adopted'), parentGone: true };
    return { text: parent ? t(lang, 'ai.origin.init') : '', parentGone: null };
  }
  const kind = classify({ name: parent.name, cmdline: parent.cmdline });
  const who = kind && kind.kind !== 'runtime' && kind.kind !== 'shell' ? `${kind.tool}` : parent.name;
  const gone = parent.alive === false;
  return {
    text: t(lang, gone ? 'ai.origin.gone' : 'ai.origin.alive', { who, pid: parent.pid }),
    parentGone: gone,
  };
}

/**
 * One to three sentences on a process: what it is, who started it and whether that parent still
 * lives, then the advice for that kind in that situation (a leftover whose parent is gone is
 * safe to end; one that belongs to a live session is ended from that session).
 */
export function describeProcess(
  p: Pick<ProcessSnapshot, 'name' | 'cmdline'> & { kernelThread?: boolean },
  lang: Language,
  ctx: LocalContext = {},
): LocalExplanation {
  const c = classify(p);
  const what = whatItIs(p, c, lang);
  if (!c) return { classification: null, text: what, advice: '' };
  const origin = c.kind === 'kernel_thread' ? { text: '', parentGone: null } : whoStartedIt(ctx, lang);
  const text = [what, origin.text].filter(Boolean).join(' ');
  const situational =
    origin.parentGone === true
      ? t(lang, 'ai.advice.parentGone', { tool: c.tool })
      : origin.parentGone === false && LIVE_SESSION.has(c.kind)
        ? t(lang, 'ai.advice.parentAlive', { tool: c.tool })
        : '';
  const big =
    ctx.rssBytes !== undefined && ctx.rssBytes >= BIG_RSS
      ? t(lang, 'ai.advice.big', { rss: formatBytes(ctx.rssBytes) })
      : '';
  const advice = [t(lang, `ai.advice.${c.kind}`, { tool: c.tool, name: p.name }), situational, big]
    .filter(Boolean)
    .join(' ');
  return { classification: c, text, advice };
}

/** Kinds that belong to a live session of their parent (end them from there). */
const LIVE_SESSION = new Set([
  'mcp_server',
  'language_server',
  'ide_helper',
  'watcher',
  'dev_server',
  'test_runner',
]);
/** A process this big is worth naming its size in the advice. */
const BIG_RSS = 512 * 1024 * 1024;

/** The local explanation of an alert: what the rule means, who the suspects are, what to do. */
export function explainAlertLocally(
  alert: Alert,
  snapshot: Snapshot | undefined,
  lang: Language,
  lineageOf?: (p: ProcessSnapshot) => AncestorFact[] | undefined,
): string {
  const parts: string[] = [t(lang, `ai.rule.${alert.rule}`), alert.message];
  const byPid = new Map((snapshot?.processes ?? []).map((p) => [p.pid, p]));
  const seen = new Set<string>();
  for (const pid of alert.subject.pids.slice(0, 20)) {
    const p = byPid.get(pid);
    if (!p) continue;
    const lineage = lineageOf?.(p);
    const d = describeProcess(p, lang, {
      adopted: p.ppid === 1 && p.sid !== p.pid,
      rssBytes: p.rssBytes,
      ...(lineage ? { lineage } : {}),
    });
    // Identical copies (a storm) say the same thing: once.
    if (seen.has(d.text)) continue;
    seen.add(d.text);
    parts.push(d.advice ? `${d.text} ${d.advice}` : d.text);
  }
  if (alert.suggestedCommand) parts.push(t(lang, 'ai.local.suggested', { command: alert.suggestedCommand }));
  return parts.filter(Boolean).join(' ');
}
