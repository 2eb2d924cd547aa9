// What a prompt is built from, besides its text (src/ai/context.ts): the context the AI service
// gathers for an alert between snapshots (lineage facts, recent abnormal kernel lines, the other
// firing alerts) and the names `ai.anonymize` masks, which `vigil explain` uses too.

import type { VigilConfig } from '../config/types.ts';
import type { RedactOptions } from '../core/redact.ts';
import type { AlertEvent, KernelEvent, Snapshot } from '../core/types.ts';
import { emptySnapshot } from '../engine/derive.ts';
import { Lineage } from '../engine/lineage.ts';
import type { Prompt } from './client.ts';
import { type AncestorFact, abnormalLines, buildAlertPrompt } from './context.ts';

/** Abnormal kernel lines kept between alerts (the prompt shows the last MAX_KERNEL_LINES). */
const KERNEL_MEMORY = 50;

/** User and host names to mask when ai.anonymize is on. */
export function redactionFor(
  config: VigilConfig,
  snapshot: Snapshot | undefined,
  env: NodeJS.ProcessEnv = process.env,
): RedactOptions {
  if (!config.ai.anonymize) return { anonymize: false };
  const users = new Set<string>();
  for (const p of snapshot?.processes ?? [])
    if (p.uid >= 1000 && p.user && !/^\d+$/.test(p.user)) users.add(p.user);
  const me = env.USER || env.LOGNAME;
  if (me) users.add(me);
  return { anonymize: true, users: [...users], hosts: snapshot?.hostname ? [snapshot.hostname] : [] };
}

export interface AlertContext {
  /** Remember what a later prompt needs from a snapshot: lineage (unless shared), abnormal kernel lines. */
  observe(snapshot: Snapshot): void;
  /** Use the analyzer's lineage memory (src/host/compose.ts) instead of keeping our own. */
  shareLineage(lineage: Lineage): void;
  /**
   * The prompt for a burst of fired alerts (most severe first): them, then every other firing
   * alert, with what was gathered.
   */
  prompt(
    batch: readonly AlertEvent[],
    snapshot: Snapshot | undefined,
    config: VigilConfig,
    env: NodeJS.ProcessEnv,
  ): Prompt;
  /** Remembered ancestry of a process (nearest first, with liveness), or undefined. */
  lineageOf(p: Snapshot['processes'][number]): AncestorFact[] | undefined;
}

export function createAlertContext(): AlertContext {
  let lineage = new Lineage();
  let ownLineage = true;
  const kernel: KernelEvent[] = [];

  function lineageOf(p: Snapshot['processes'][number]): AncestorFact[] | undefined {
    const e = lineage.of(p);
    if (!e) return undefined;
    return e.ancestors
      .filter((a) => a.startTicks >= 0 || a.name)
      .map((a) => ({ pid: a.pid, name: a.name, cmdline: a.cmdline, alive: lineage.isAlive(a) }));
  }

  return {
    observe(snapshot) {
      if (ownLineage) lineage.update(snapshot.processes, Date.parse(snapshot.time));
      const abnormal = abnormalLines(snapshot.kernelEvents ?? []);
      if (abnormal.length) {
        kernel.push(...abnormal);
        if (kernel.length > KERNEL_MEMORY) kernel.splice(0, kernel.length - KERNEL_MEMORY);
      }
    },
    shareLineage(shared) {
      lineage = shared;
      ownLineage = false;
    },
    lineageOf,
    prompt(batch, snapshot, config, env) {
      const mine = batch.map((e) => e.alert);
      const ids = new Set(mine.map((a) => a.id));
      const others = (snapshot?.alerts ?? []).filter((a) => a.state === 'firing' && !ids.has(a.id));
      const details = batch[0]?.details;
      return buildAlertPrompt({
        snapshot: snapshot ?? emptySnapshot(),
        alerts: [...mine, ...others],
        ...(details ? { details } : {}),
        kernelEvents: kernel,
        lineageOf,
        language: config.general.language,
        redaction: redactionFor(config, snapshot, env),
      });
    },
  };
}
