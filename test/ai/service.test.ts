// The AI service beside a real engine (real /proc collectors) and a real Messages API server on
// 127.0.0.1. A scripted analyzer decides which alert events each tick carries, so the test
// controls "new fired alert" vs "still firing" vs "resolved"; the service's clock is a FakeClock.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createAiService } from '../../src/ai/service.ts';
import { cpuCollector } from '../../src/collectors/cpu.ts';
import { memoryCollector } from '../../src/collectors/memory.ts';
import { processCollector } from '../../src/collectors/processes.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { rootsFromEnv } from '../../src/core/roots.ts';
import type { Alert, AlertEvent } from '../../src/core/types.ts';
import { type Analyzer, createEngine } from '../../src/engine/engine.ts';
import { openStore } from '../../src/store/index.ts';
import { GOOD_ANSWER, type MessagesServer, startMessagesServer, toolAnswer } from './messages-server.ts';

let server: MessagesServer;
let dir: string;

before(async () => {
  server = await startMessagesServer([{ kind: 'json', body: toolAnswer(GOOD_ANSWER) }]);
  dir = mkdtempSync(join(tmpdir(), 'vigil-ai-service-'));
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function alert(n: number, state: 'firing' | 'resolved' = 'firing'): Alert {
  return {
    id: `alert-${n}`,
    rule: 'duplicate_processes',
    severity: 'medium',
    state,
    since: new Date().toISOString(),
    message: `alert ${n}`,
    subject: { pids: [process.pid] },
    suggestedCommand: null,
  };
}

function scripted(): Analyzer & { next: AlertEvent[] } {
  const firing = new Map<string, Alert>();
  const a = {
    next: [] as AlertEvent[],
    analyze() {
      const out = a.next;
      a.next = [];
      for (const e of out) {
        if (e.event === 'fired') firing.set(e.alert.id, e.alert);
        else firing.delete(e.alert.id);
      }
      return out;
    },
    active: () => [...firing.values()],
    setConfig() {},
  };
  return a;
}

test('called on new fired alerts only, within the cooldown and the daily cap', async () => {
  const config = defaultConfig({});
  config.ai.enabled = true;
  config.ai.api_key_env = 'VIGIL_SVC_KEY';
  config.ai.cooldown_secs = 60;
  config.ai.max_calls_per_day = 2;
  config.notifications.log_file = join(dir, 'vigil.log');
  const analyzer = scripted();
  const engine = createEngine({
    collectors: [cpuCollector(), memoryCollector(), processCollector()],
    config,
    roots: rootsFromEnv(),
    analyzer,
  });
  const clock = new FakeClock(Date.now());
  const log = memoryLogger();
  const store = openStore(dir, { clock });
  const svc = createAiService(
    {
      config,
      dataDir: dir,
      log,
      role: 'daemon',
      env: { ANTHROPIC_BASE_URL: server.url, VIGIL_SVC_KEY: 'k' },
    },
    { clock, store, timeoutMs: 5000 },
  );
  await svc.start(engine);
  const step = async (events: AlertEvent[]) => {
    analyzer.next = events;
    await engine.tick();
    await svc.idle();
  };
  const fired = (n: number): AlertEvent => ({ event: 'fired', alert: alert(n), time: clock.now() });
  try {
    await step([fired(1)]);
    assert.equal(server.requests.length, 1, 'a new alert calls the AI');
    await step([]);
    await step([]);
    assert.equal(server.requests.length, 1, 'ticks while it stays firing do not');
    await step([{ event: 'resolved', alert: alert(1, 'resolved'), time: clock.now() }]);
    assert.equal(server.requests.length, 1, 'a resolved alert does not');
    clock.tick(30_000);
    await step([fired(2)]);
    assert.equal(server.requests.length, 1, 'within the cooldown: skipped');
    assert.ok(log.lines.some((l) => l.event === 'ai call skipped' && l.reason === 'cooldown'));
    clock.tick(31_000);
    await step([fired(3)]);
    assert.equal(server.requests.length, 2, 'after the cooldown: called');
    clock.tick(3_600_000);
    await step([fired(4)]);
    assert.equal(server.requests.length, 2, 'daily cap of 2 reached');
    assert.ok(log.lines.some((l) => l.event === 'ai call skipped' && l.reason === 'daily_cap'));
    // A restarted service (same store) still knows the two calls.
    await svc.stop();
    const svc2 = createAiService(
      {
        config,
        dataDir: dir,
        log,
        role: 'daemon',
        env: { ANTHROPIC_BASE_URL: server.url, VIGIL_SVC_KEY: 'k' },
      },
      { clock, store, timeoutMs: 5000 },
    );
    await svc2.start(engine);
    clock.tick(3_600_000);
    analyzer.next = [fired(5)];
    await engine.tick();
    await svc2.idle();
    assert.equal(server.requests.length, 2, 'the cap survives a restart');
    await svc2.stop();
    // The JSON log has one `ai` event per call, with tokens and cost.
    const ai = readFileSync(config.notifications.log_file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(
        (l) =>
          JSON.parse(l) as {
            event: string;
            id: string;
            ai: { outcome: string; costUsd: number; inputTokens: number };
          },
      )
      .filter((e) => e.event === 'ai');
    assert.deepEqual(
      ai.map((e) => e.id),
      ['alert-1', 'alert-3'],
    );
    assert.equal(ai[0]!.ai.outcome, 'ok');
    assert.equal(ai[0]!.ai.inputTokens, 1200);
    assert.ok(ai[0]!.ai.costUsd > 0);
    const rows = store.aiCallsSince(0);
    assert.equal(rows.filter((r) => r.outcome === 'ok').length, 2);
    assert.equal(rows.filter((r) => r.outcome === 'skipped').length, 3);
  } finally {
    await engine.stop();
    store.close();
  }
});

test('a failing AI falls back to the local explanation in the ai event', async () => {
  server.script([
    { kind: 'json', status: 500, body: { type: 'error', error: { type: 'api_error', message: 'x' } } },
  ]);
  const config = defaultConfig({});
  config.ai.enabled = true;
  config.ai.api_key_env = 'VIGIL_SVC_KEY';
  config.notifications.log_file = join(dir, 'fallback.log');
  const analyzer = scripted();
  const engine = createEngine({
    collectors: [memoryCollector(), processCollector()],
    config,
    roots: rootsFromEnv(),
    analyzer,
  });
  const svc = createAiService(
    {
      config,
      dataDir: dir,
      log: memoryLogger(),
      role: 'daemon',
      env: { ANTHROPIC_BASE_URL: server.url, VIGIL_SVC_KEY: 'k' },
    },
    { store: null, timeoutMs: 5000 },
  );
  await svc.start(engine);
  analyzer.next = [{ event: 'fired', alert: alert(9), time: Date.now() }];
  await engine.tick();
  await svc.idle();
  await svc.stop();
  await engine.stop();
  const ev = readFileSync(config.notifications.log_file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(
      (l) => JSON.parse(l) as { event: string; ai: { outcome: string; reason: string; explanation: string } },
    )
    .find((e) => e.event === 'ai');
  assert.equal(ev?.ai.outcome, 'fallback');
  assert.equal(ev?.ai.reason, 'server_error');
  assert.match(ev?.ai.explanation ?? '', /same command line/);
});

test('a TUI beside a recording daemon leaves alert calls to the daemon', async () => {
  const tuiDir = mkdtempSync(join(tmpdir(), 'vigil-ai-tui-'));
  // A real other process holds the recorder lock, as a running daemon does.
  const storeModule = join(import.meta.dirname, '..', '..', 'src', 'store', 'index.ts');
  const holder = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { openStore } = await import(${JSON.stringify(storeModule)});
       const s = openStore(${JSON.stringify(tuiDir)});
       process.stdout.write(s.acquireRecorder('daemon') ? 'held\\n' : 'no\\n');
       setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const config = defaultConfig({});
  config.ai.enabled = true;
  config.ai.api_key_env = 'VIGIL_SVC_KEY';
  config.ai.cooldown_secs = 0;
  config.notifications.log_file = join(tuiDir, 'vigil.log');
  const store = openStore(tuiDir);
  const analyzer = scripted();
  const engine = createEngine({ collectors: [memoryCollector()], config, roots: rootsFromEnv(), analyzer });
  const svc = createAiService(
    {
      config,
      dataDir: tuiDir,
      log: memoryLogger(),
      role: 'tui',
      env: { ANTHROPIC_BASE_URL: server.url, VIGIL_SVC_KEY: 'k' },
    },
    { store, timeoutMs: 5000 },
  );
  try {
    server.script([{ kind: 'json', body: toolAnswer(GOOD_ANSWER) }]);
    const held = await new Promise<string>((r) =>
      holder.stdout!.once('data', (c: Buffer) => r(c.toString().trim())),
    );
    assert.equal(held, 'held');
    await svc.start(engine);
    const before = server.requests.length;
    analyzer.next = [{ event: 'fired', alert: alert(20), time: Date.now() }];
    await engine.tick();
    await svc.idle();
    assert.equal(server.requests.length, before, 'the daemon calls, not the TUI');
    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('exit', r));
    analyzer.next = [{ event: 'fired', alert: alert(21), time: Date.now() }];
    await engine.tick();
    await svc.idle();
    assert.equal(server.requests.length, before + 1, 'no daemon any more: the TUI calls');
  } finally {
    holder.kill('SIGKILL');
    await svc.stop();
    await engine.stop();
    store.close();
    rmSync(tuiDir, { recursive: true, force: true });
  }
});
