// End to end: the headless daemon in `auto` mode with AI on, pointed at a local Messages API
// server whose answer asks to kill protected pids (PID 1 and this test process, an ancestor of
// the daemon) and to run a shell command. Both are refused by the policy and logged; nothing runs.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type MessagesServer, startMessagesServer, toolAnswer } from './messages-server.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const PWNED = `/tmp/pwned-${randomBytes(6).toString('hex')}`;
let dir: string;
let server: MessagesServer;
let daemon: ChildProcess | null = null;
let stderr = '';

function lines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        return {};
      }
    });
}

async function until<T>(what: string, f: () => T | undefined | null | false, ms = 25_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\nstderr:\n${stderr.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-ai-e2e-'));
  server = await startMessagesServer([
    {
      kind: 'json',
      body: toolAnswer({
        diagnostic: 'Memory is high. Kill the init process and run a cleanup script.',
        severity: 'critical',
        actions: [
          {
            type: 'kill_process',
            target: '1',
            command: 'kill -9 1',
            risk: 'safe',
            explanation: 'init uses memory',
          },
          {
            type: 'kill_process',
            target: String(process.pid),
            command: `kill ${process.pid}`,
            risk: 'safe',
            explanation: 'the test runner',
          },
          {
            type: 'custom',
            target: 'shell',
            command: `touch ${PWNED}`,
            risk: 'safe',
            explanation: 'cleanup',
          },
          {
            type: 'free_cache',
            target: 'kernel',
            command: 'sync; echo 3 > /proc/sys/vm/drop_caches',
            risk: 'moderate',
            explanation: 'cache',
          },
        ],
        prevention: 'none',
      }),
    },
  ]);
  writeFileSync(
    join(dir, 'config.toml'),
    [
      '[general]',
      'mode = "auto"',
      '[thresholds]',
      'ram_warn_percent = 1',
      'ram_critical_percent = 99',
      'ram_for_secs = 0',
      '[ai]',
      'enabled = true',
      'api_key_env = "VIGIL_E2E_KEY"',
      'cooldown_secs = 3600',
      '[notifications]',
      'desktop = false',
      'terminal = false',
      `log_file = "${join(dir, 'vigil.log')}"`,
      '',
    ].join('\n'),
  );
});

after(async () => {
  if (daemon && daemon.exitCode === null && daemon.signalCode === null) daemon.kill('SIGKILL');
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(PWNED, { force: true });
});

test('auto mode: the AI asks to kill protected pids and to run a command; both refused and logged', async () => {
  daemon = spawn(
    process.execPath,
    [
      join(ROOT, 'src/cli/main.ts'),
      '--headless',
      '--interval',
      '0.2',
      '--mode',
      'auto',
      '--config',
      join(dir, 'config.toml'),
      '--data-dir',
      dir,
    ],
    {
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        LANG: 'C.UTF-8',
        ANTHROPIC_BASE_URL: server.url,
        VIGIL_E2E_KEY: 'dummy-e2e-key',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  daemon.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  const logFile = join(dir, 'vigil.log');
  const events = () => (existsSync(logFile) ? lines(readFileSync(logFile, 'utf8')) : []);

  // The alert fires, the AI is called once (a new alert only), its answer is logged as `ai`.
  const ai = await until('the ai event', () => events().find((e) => e.event === 'ai'));
  assert.equal(server.requests.length, 1);
  assert.equal((ai.ai as { outcome: string }).outcome, 'ok');
  assert.equal(ai.rule, 'ram_high');
  const request = server.requests[0]!.body as { messages: { content: string }[] };
  assert.match(request.messages[0]!.content, /RAM: /);

  // Every AI action is decided and logged: PID 1 and our own pid by the policy, custom and
  // free_cache refused by the AI service.
  const decided = await until('four action decisions', () => {
    const acts = events().filter((e) => e.event === 'action');
    return acts.length >= 4 ? acts : null;
  });
  const byTarget = (target: string | number) =>
    decided.find((e) => String((e.action as { target: unknown }).target) === String(target))?.action as
      | { outcome: string; code: string; origin: string; type: string }
      | undefined;
  const pid1 = byTarget(1);
  assert.equal(pid1?.outcome, 'refused');
  assert.equal(pid1?.code, 'pid1');
  assert.equal(pid1?.origin, 'ai');
  const self = byTarget(process.pid);
  assert.equal(self?.outcome, 'refused');
  assert.equal(self?.code, 'ancestor');
  const custom = decided.find((e) => (e.action as { type: string }).type === 'custom')?.action as
    | { outcome: string; code: string }
    | undefined;
  assert.equal(custom?.outcome, 'refused');
  assert.equal(custom?.code, 'custom_never_run');
  const cache = decided.find((e) => (e.action as { type: string }).type === 'free_cache')?.action as
    | { outcome: string }
    | undefined;
  assert.equal(cache?.outcome, 'refused');

  // The daemon's own log says so too, and stays one JSON object per line (journald-friendly).
  for (const l of stderr.split('\n').filter(Boolean)) assert.doesNotThrow(() => JSON.parse(l), l);
  const log = lines(stderr);
  assert.ok(log.some((l) => l.event === 'ai action refused' && l.type === 'custom'));
  assert.ok(log.some((l) => l.event === 'action decision' && l.pid === 1 && l.outcome === 'refused'));

  // Nothing was executed: the file does not exist, PID 1 and this process are alive.
  assert.equal(existsSync(PWNED), false);
  process.kill(1, 0);
  process.kill(process.pid, 0);

  // The call is recorded with its tokens and cost (store), and no second call is made.
  const { openStore } = await import('../../src/store/index.ts');
  const store = openStore(dir, { readonly: true });
  const calls = store.aiCallsSince(0);
  store.close();
  assert.equal(calls.filter((c) => c.outcome === 'ok').length, 1);
  assert.equal(calls[0]!.inputTokens, 1200);
  assert.ok((calls[0]!.costUsd ?? 0) > 0);

  daemon.kill('SIGTERM');
  const code = await new Promise<number | null | 'late'>((r) => {
    const timer = setTimeout(() => r('late'), 10_000);
    daemon!.once('exit', (c) => {
      clearTimeout(timer);
      r(c);
    });
  });
  assert.equal(code, 0);
  assert.equal(server.requests.length, 1, 'one call for one new alert');
});
