// `vigil health`: each check says ok, warn or fail, why, and how to fix it. Checks never throw
// and never change anything (the data-dir probe file is removed at once). A required part
// (config, data dir, database, the core collectors, the AI key when AI is on, a daemon that
// died or hung) failing makes the command exit 1; optional parts only warn.
import { accessSync, constants, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { defaultCollectors } from '../collectors/index.ts';
import { findOnPath } from '../collectors/journal.ts';
import { chooseKernelSource } from '../collectors/kernel-log.ts';
import { openKmsg } from '../collectors/kmsg.ts';
import { ConfigError, configTarget, loadConfig } from '../config/load.ts';
import type { VigilConfig } from '../config/types.ts';
import { realClock } from '../core/clock.ts';
import { currentUid, modeText } from '../core/files.ts';
import { findApiKey } from '../core/keyring.ts';
import { memoryLogger } from '../core/log.ts';
import { sanitize } from '../core/sanitize.ts';
import type { Collector, RawParts, Roots } from '../core/types.ts';
import { vigilVersion } from '../core/version.ts';
import { t } from '../i18n/index.ts';
import { startTicksOf } from '../proc/read.ts';
import { fileTrust, findingText, looseModes } from './file-trust.ts';
import { judgeHeartbeat, readHeartbeat } from './heartbeat.ts';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  /** Stable id: config, data_dir, database, collector.cpu…, kernel_log, desktop, ai_key, daemon. */
  id: string;
  status: CheckStatus;
  /** A failure of this check makes `vigil health` exit 1. */
  required: boolean;
  message: string;
  /** What to do about it; null when all is well. */
  hint: string | null;
}

export interface HealthReport {
  version: string;
  time: string;
  ok: boolean;
  checks: CheckResult[];
}

export interface HealthOptions {
  config: VigilConfig;
  /** --config, when given. */
  configFlag?: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  roots: Roots;
  now?: () => number;
  /** Replace the collector set (tests). */
  collectors?: Collector[];
  /** Longest wait for one collector. */
  collectorTimeoutMs?: number;
}

/** Collectors without which Vigil cannot do its job: their failure is a `fail`. */
const REQUIRED_COLLECTORS = new Set(['cpu', 'memory', 'processes']);
/** journald's socket, as the kernel-log collector looks for it. */
const JOURNAL_SOCKET = '/run/systemd/journal/socket';

type Tr = (key: string, params?: Record<string, string | number>) => string;

function result(
  id: string,
  status: CheckStatus,
  required: boolean,
  message: string,
  hint: string | null = null,
): CheckResult {
  return { id, status, required, message, hint: status === 'ok' ? null : hint };
}

export function checkConfig(opts: HealthOptions, tr: Tr): CheckResult {
  try {
    const loaded = loadConfig({ ...(opts.configFlag ? { path: opts.configFlag } : {}), env: opts.env });
    return result(
      'config',
      'ok',
      true,
      loaded.path ? tr('health.config.ok', { path: loaded.path }) : tr('health.config.defaults'),
    );
  } catch (err) {
    const problems = err instanceof ConfigError ? err.message : (err as Error).message;
    return result(
      'config',
      'fail',
      true,
      sanitize(problems.split('\n').slice(0, 5).join('; '), 600),
      tr('health.config.hint'),
    );
  }
}

/** Nearest existing ancestor of `dir` (the data dir may not exist yet). */
function existingAncestor(dir: string): string {
  let d = dir;
  while (!existsSync(d)) {
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return d;
}

export function checkDataDir(opts: HealthOptions, tr: Tr): CheckResult {
  const dir = opts.dataDir;
  if (!existsSync(dir)) {
    const base = existingAncestor(dir);
    try {
      accessSync(base, constants.W_OK);
      return result('data_dir', 'ok', true, tr('health.dataDir.willCreate', { path: dir }));
    } catch {
      return result(
        'data_dir',
        'fail',
        true,
        tr('health.dataDir.cannotCreate', { path: dir, base }),
        tr('health.dataDir.hint', { path: dir }),
      );
    }
  }
  try {
    if (!statSync(dir).isDirectory()) {
      return result(
        'data_dir',
        'fail',
        true,
        tr('health.dataDir.notDir', { path: dir }),
        tr('health.dataDir.hint', { path: dir }),
      );
    }
    // A real write: access(W_OK) says yes to root on a read-only file system.
    const probe = mkdtempSync(join(dir, '.health-'));
    rmSync(probe, { recursive: true, force: true });
    return result('data_dir', 'ok', true, tr('health.dataDir.ok', { path: dir }));
  } catch (err) {
    return result(
      'data_dir',
      'fail',
      true,
      tr('health.dataDir.notWritable', {
        path: dir,
        error: (err as NodeJS.ErrnoException).code ?? (err as Error).message,
      }),
      tr('health.dataDir.hint', { path: dir }),
    );
  }
}

/** History: integrity (PRAGMA quick_check, read-only) and schema, through the store's own probe. */
export async function checkDatabase(opts: HealthOptions, tr: Tr): Promise<CheckResult> {
  // Lazy: the store loads the native SQLite module.
  const { historyHealth } = await import('../store/health.ts');
  const { dbPath } = await import('../store/store.ts');
  let h: Awaited<ReturnType<typeof historyHealth>>;
  try {
    h = historyHealth(opts.dataDir, { log: memoryLogger('error') });
  } catch (err) {
    const file = dbPath(opts.dataDir);
    const error = sanitize((err as Error).message, 300);
    return result(
      'database',
      'fail',
      true,
      tr('health.db.broken', { path: file, error }),
      tr('health.db.hint', { path: file }),
    );
  }
  if (!h.exists)
    return result(
      'database',
      h.ok ? 'ok' : 'fail',
      true,
      tr('health.db.absent', { path: h.path }),
      tr('health.dataDir.hint', { path: opts.dataDir }),
    );
  if (h.ok) {
    return result(
      'database',
      'ok',
      true,
      tr('health.db.ok', { path: h.path, schema: h.schemaVersion ?? '?' }),
    );
  }
  const error = sanitize(h.problem ?? h.integrity ?? 'unknown', 300);
  return result(
    'database',
    'fail',
    true,
    tr('health.db.broken', { path: h.path, error }),
    tr('health.db.hint', { path: h.path }),
  );
}

function summarize(name: string, value: unknown, tr: Tr): string {
  const v = value as Partial<RawParts>[keyof RawParts];
  switch (name) {
    case 'cpu':
      return tr('health.collector.cpu', { cores: (v as RawParts['cpu']).perCore.length });
    case 'memory':
      return tr('health.collector.memory', {
        gib: ((v as RawParts['memory']).totalBytes / 2 ** 30).toFixed(1),
      });
    case 'processes':
      return tr('health.collector.processes', { count: (v as RawParts['processes']).list.length });
    case 'disks':
      return tr('health.collector.disks', { count: (v as RawParts['disks']).mounts.length });
    case 'network':
      return tr('health.collector.network', { count: (v as RawParts['network']).interfaces.length });
    case 'gpus':
      return (v as RawParts['gpus']).length
        ? tr('health.collector.gpus', { count: (v as RawParts['gpus']).length })
        : tr('health.collector.noGpu');
    case 'temperatures':
      return tr('health.collector.sensors', { count: (v as RawParts['temperatures']).sensors.length });
    default:
      return tr('health.collector.ok');
  }
}

/** Run each collector once (as `status` would), with a deadline; close them after. */
export async function checkCollectors(opts: HealthOptions, tr: Tr): Promise<CheckResult[]> {
  const collectors = opts.collectors ?? defaultCollectors(opts.config, 'status');
  const timeoutMs = opts.collectorTimeoutMs ?? 5000;
  const out: CheckResult[] = [];
  for (const c of collectors) {
    const log = memoryLogger('warn');
    const required = REQUIRED_COLLECTORS.has(c.name);
    const id = `collector.${c.name}`;
    let timer: NodeJS.Timeout | undefined;
    try {
      const value = await Promise.race([
        Promise.resolve().then(() => c.collect({ roots: opts.roots, clock: realClock, log, tick: 0 })),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(tr('health.collector.timeout', { ms: timeoutMs }))),
            timeoutMs,
          );
        }),
      ]);
      const warned = log.lines.find((l) => l.level === 'warn' || l.level === 'error');
      if (warned) {
        const detail = [warned.event, warned.error].filter(Boolean).join(': ');
        out.push(result(id, 'warn', required, sanitize(String(detail), 300), tr('health.collector.hint')));
      } else {
        out.push(result(id, 'ok', required, summarize(c.name, value, tr)));
      }
    } catch (err) {
      out.push(
        result(
          id,
          required ? 'fail' : 'warn',
          required,
          sanitize((err as Error)?.message ?? String(err), 300),
          tr('health.collector.hint'),
        ),
      );
    } finally {
      clearTimeout(timer);
      try {
        await c.close?.();
      } catch {
        // Closing after a failed read: nothing more to report.
      }
    }
  }
  return out;
}

/**
 * OOM kills come from the kernel log: the journal when journald runs (`journalctl -k`), else
 * /dev/kmsg — the same choice the kernel-log collector makes (chooseKernelSource).
 */
export async function checkKernelLog(opts: HealthOptions, tr: Tr): Promise<CheckResult> {
  const choice = chooseKernelSource(opts.env, JOURNAL_SOCKET);
  if (choice.source === 'journal') {
    let problem: string;
    try {
      const r = await execa(choice.command, ['-k', '-n', '1', '-q', '--no-pager', '-o', 'cat'], {
        reject: false,
        timeout: 5000,
        env: { SYSTEMD_PAGER: '', LC_ALL: 'C' },
        stdin: 'ignore',
      });
      if (r.exitCode === 0 && String(r.stdout).trim() !== '') {
        return result(
          'kernel_log',
          'ok',
          false,
          tr('health.kernel.ok', { sources: 'journal (journalctl -k)' }),
        );
      }
      problem = String(r.stderr || '').split('\n')[0] || tr('health.kernel.noEntries');
    } catch (err) {
      problem = (err as Error).message;
    }
    return result(
      'kernel_log',
      'warn',
      false,
      sanitize(`journalctl: ${problem}`, 300),
      tr('health.kernel.hint'),
    );
  }
  const kmsg = join(opts.roots.dev, 'kmsg');
  try {
    openKmsg(kmsg).close();
    return result('kernel_log', 'ok', false, tr('health.kernel.ok', { sources: kmsg }));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return result('kernel_log', 'warn', false, sanitize(`${kmsg}: ${code}`, 300), tr('health.kernel.hint'));
  }
}

/** Desktop notifications need notify-send and a session bus (a graphical login session). */
export function checkDesktop(opts: HealthOptions, tr: Tr): CheckResult {
  if (!opts.config.notifications.desktop) return result('desktop', 'ok', false, tr('health.desktop.off'));
  const bin = findOnPath('notify-send', opts.env);
  if (!bin)
    return result('desktop', 'warn', false, tr('health.desktop.noBinary'), tr('health.desktop.hintBinary'));
  const address = opts.env.DBUS_SESSION_BUS_ADDRESS;
  const runtimeBus = opts.env.XDG_RUNTIME_DIR ? join(opts.env.XDG_RUNTIME_DIR, 'bus') : null;
  if (address || (runtimeBus && existsSync(runtimeBus))) {
    return result('desktop', 'ok', false, tr('health.desktop.ok', { path: bin }));
  }
  return result(
    'desktop',
    'warn',
    false,
    tr('health.desktop.noBus', { path: bin }),
    tr('health.desktop.hintBus'),
  );
}

/** The key is only needed when AI is on; where it was found is said, its value never shown. */
export function checkAiKey(opts: HealthOptions, tr: Tr): CheckResult {
  const ai = opts.config.ai;
  if (!ai.enabled) return result('ai_key', 'ok', false, tr('health.ai.off'));
  const name = ai.api_key_env;
  const found = findApiKey(name, ai.provider, opts.env);
  if (found?.source === 'env') return result('ai_key', 'ok', true, tr('health.ai.ok', { env: name }));
  if (found) return result('ai_key', 'ok', true, tr('health.ai.keyring', { account: ai.provider }));
  return result(
    'ai_key',
    'fail',
    true,
    tr('health.ai.missing', { env: name }),
    tr('health.ai.hint', { env: name }),
  );
}

/**
 * Who besides us could change the config, the data dir or the JSON log (SPEC §4): a failure as
 * root (Vigil refuses to run), a warning otherwise; and files left with a wider mode than 0600.
 */
export function checkFiles(opts: HealthOptions, tr: Tr): CheckResult {
  const lang = opts.config.general.language;
  const root = currentUid() === 0;
  const configPath = configTarget({
    ...(opts.configFlag ? { path: opts.configFlag } : {}),
    env: opts.env,
  }).path;
  const findings = fileTrust({
    configPath: existsSync(configPath) ? configPath : null,
    dataDir: opts.dataDir,
    config: opts.config,
    env: opts.env,
  });
  if (findings.length) {
    const text = findings.map((f) => findingText(f, lang, root)).join('; ');
    return result('files', root ? 'fail' : 'warn', root, sanitize(text, 1200), tr('health.files.hint'));
  }
  const loose = looseModes(opts.dataDir);
  if (loose.length) {
    const text = loose
      .map((l) => tr('files.mode', { path: l.path, mode: modeText(l.mode), want: modeText(l.want) }))
      .join('; ');
    return result('files', 'warn', false, sanitize(text, 1200), tr('health.files.hintMode'));
  }
  return result('files', 'ok', true, tr('files.ok'));
}

export function checkDaemon(opts: HealthOptions, tr: Tr): CheckResult {
  const now = (opts.now ?? Date.now)();
  const h = judgeHeartbeat(readHeartbeat(opts.dataDir), now, (pid) => startTicksOf(opts.roots, pid));
  switch (h.state) {
    case 'absent':
      return result('daemon', 'warn', false, tr('health.daemon.absent'), tr('health.daemon.hintStart'));
    case 'stopped':
      return result(
        'daemon',
        'warn',
        false,
        tr('health.daemon.stopped', {
          pid: h.heartbeat.pid,
          time: h.heartbeat.stoppedAt ?? h.heartbeat.time,
        }),
        tr('health.daemon.hintStart'),
      );
    case 'dead':
      return result(
        'daemon',
        'fail',
        true,
        tr('health.daemon.dead', { pid: h.heartbeat.pid, time: h.heartbeat.time }),
        tr('health.daemon.hintRestart'),
      );
    case 'stale':
      return result(
        'daemon',
        'fail',
        true,
        tr('health.daemon.stale', { pid: h.heartbeat.pid, secs: Math.round(h.ageSecs) }),
        tr('health.daemon.hintRestart'),
      );
    case 'alive':
      return result(
        'daemon',
        'ok',
        true,
        tr('health.daemon.ok', {
          pid: h.heartbeat.pid,
          ticks: h.heartbeat.ticks,
          secs: Math.round(h.ageSecs),
        }),
      );
  }
}

/** Every check, in the order SPEC §3 lists them. */
export async function runHealth(opts: HealthOptions): Promise<HealthReport> {
  const lang = opts.config.general.language;
  const tr: Tr = (key, params) => t(lang, key, params);
  const checks: CheckResult[] = [
    checkConfig(opts, tr),
    checkDataDir(opts, tr),
    checkFiles(opts, tr),
    await checkDatabase(opts, tr),
    ...(await checkCollectors(opts, tr)),
    await checkKernelLog(opts, tr),
    checkDesktop(opts, tr),
    checkAiKey(opts, tr),
    checkDaemon(opts, tr),
  ];
  return {
    version: vigilVersion(),
    time: new Date((opts.now ?? Date.now)()).toISOString(),
    ok: !checks.some((c) => c.status === 'fail'),
    checks,
  };
}

/** 1 when something required is broken, else 0. */
export function healthExitCode(report: HealthReport): number {
  return report.checks.some((c) => c.status === 'fail' && c.required) ? 1 : 0;
}
