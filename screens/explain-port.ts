// Adapts the explain use case (src/ai/explain.ts: facts from /proc, the local explanation, the
// AI's diagnosis when enabled) to what the explain modal shows. Loaded lazily by the ports, so
// the AI SDK is only imported when the user first asks for an explanation.
import { type ExplainStore, type Explanation, explainPid } from '../src/ai/explain.ts';
import { explainAlertLocally } from '../src/ai/local.ts';
import type { VigilConfig } from '../src/config/types.ts';
import { formatBytes, formatDuration, formatPercent } from '../src/core/format.ts';
import { rootsFromEnv } from '../src/core/roots.ts';
import type { Alert, Logger, Snapshot } from '../src/core/types.ts';
import { t } from '../src/i18n/index.ts';
import { userResolver } from '../src/proc/users.ts';
import type { ExplainAction, ExplainView } from './state.ts';

export interface ExplainDeps {
  config: VigilConfig;
  snapshot: Snapshot | undefined;
  log: Logger;
  env: NodeJS.ProcessEnv;
  store: ExplainStore | null;
}

/** The modal's view of an Explanation (pure). */
export function toView(
  r: Explanation,
  lang: VigilConfig['general']['language'],
  lead: string[] = [],
): ExplainView {
  const f = r.facts;
  const tr = (k: string, p?: Record<string, string | number>) => t(lang, k, p);
  const facts = [
    ...lead,
    f.cmdline || `[${f.name}]`,
    `${f.user} · CPU ${formatPercent(f.cpuPercent)} · RSS ${formatBytes(f.rssBytes)} · ${f.threads} threads · ${formatDuration(f.ageSeconds)}`,
  ];
  if (f.lineage.length) facts.push(f.lineage.map((a) => `${a.pid} ${a.name}`).join(' ← '));
  if (f.unit) facts.push(`unit: ${f.unit}`);
  if (f.container) facts.push(`container: ${f.container}`);
  if (f.children.length)
    facts.push(
      `children: ${f.children
        .slice(0, 8)
        .map((c) => `${c.pid} ${c.name}`)
        .join(', ')}`,
    );
  if (f.listening.length) facts.push(`listening: ${f.listening.join(', ')}`);
  const local = [r.local.text, r.local.advice].filter(Boolean).join(' ');
  if (r.ai.outcome === 'ok') {
    const a = r.ai.answer;
    // Each carries Vigil's check (src/ai/proposals.ts): the modal shows that verdict and the real
    // process, and only an allowed kill can be applied.
    const checks = r.ai.checks;
    const actions: ExplainAction[] = a.actions.map((x, i) => ({
      type: x.type,
      target: x.target,
      command: x.command,
      risk: x.risk,
      explanation: x.explanation,
      ...(checks[i] ? { check: checks[i] } : {}),
    }));
    return {
      source: 'ai',
      title: `${f.pid} ${f.name}`,
      diagnostic: a.diagnostic,
      severity: a.severity,
      facts: [...facts, local],
      actions,
      prevention: a.prevention,
      note: null,
    };
  }
  const reason = tr(`ai.reason.${r.ai.reason}`, r.ai.params);
  return {
    source: 'local',
    title: `${f.pid} ${f.name}`,
    diagnostic: local,
    severity: null,
    facts,
    actions: [],
    prevention: '',
    note: r.ai.reason === 'disabled' || r.ai.reason === 'no_ai' ? null : tr('explain.aiFallback', { reason }),
  };
}

export async function explainForTui(
  subject: { pid: number; startTicks: number } | { alert: Alert },
  deps: ExplainDeps,
): Promise<ExplainView> {
  const lang = deps.config.general.language;
  const opts = {
    roots: rootsFromEnv(deps.env),
    userOf: userResolver(),
    lang,
    config: deps.config,
    env: deps.env,
    store: deps.store,
    log: deps.log,
    snapshot: deps.snapshot ?? null,
    // An AI-proposed kill may only name what is explained (or the explained alert's subjects).
    activeAlerts: () => deps.snapshot?.alerts ?? [],
  };
  if ('alert' in subject) {
    const a = subject.alert;
    const text = explainAlertLocally(a, deps.snapshot, lang);
    // An alert about processes: explain its first subject (AI included); otherwise local only.
    const pid = a.subject.pids[0];
    const r =
      pid !== undefined
        ? await explainPid(pid, { ...opts, scope: { explainedPid: pid, alertId: a.id } })
        : null;
    if (r) {
      const view = toView(r, lang, [text]);
      return { ...view, title: `${a.rule}: ${a.message}`, severity: view.severity ?? a.severity };
    }
    return {
      source: 'local',
      title: `${a.rule}: ${a.message}`,
      diagnostic: text,
      severity: a.severity,
      facts: a.suggestedCommand ? [`$ ${a.suggestedCommand}`] : [],
      actions: [],
      prevention: '',
      note: null,
    };
  }
  const r = await explainPid(subject.pid, opts);
  if (!r || r.facts.startTicks !== subject.startTicks) {
    return {
      source: 'local',
      title: String(subject.pid),
      diagnostic: t(lang, 'tui.explain.gone'),
      severity: null,
      facts: [],
      actions: [],
      prevention: '',
      note: null,
    };
  }
  return toView(r, lang);
}
