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
    // Held back by the cooldown, alert 2 was not dropped: it goes now, with alert 3, in one call.
    assert.equal(server.requests.length, 2, 'after the cooldown: one call');
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
            ai: { outcome: string; costUsd: number; inputTokens: number; alertIds: string[] };
          },
      )
      .filter((e) => e.event === 'ai');
    assert.deepEqual(
      ai.map((e) => [e.id, e.ai.alertIds]),
      [
        ['alert-1', ['alert-1']],
        ['alert-2', ['alert-2', 'alert-3']],
      ],
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

/** A service with a FakeClock beside a real engine fed by the scripted analyzer. */
async function burstRig(name: string, cooldownSecs: number) {
  const config = defaultConfig({});
  config.ai.enabled = true;
  config.ai.api_key_env = 'VIGIL_SVC_KEY';
  config.ai.cooldown_secs = cooldownSecs;
  config.ai.max_calls_per_day = 50;
  config.notifications.log_file = join(dir, `${name}.log`);
  const analyzer = scripted();
  const engine = createEngine({ collectors: [memoryCollector()], config, roots: rootsFromEnv(), analyzer });
  const clock = new FakeClock(Date.now());
  const log = memoryLogger();
  const svc = createAiService(
    {
      config,
      dataDir: dir,
      log,
      role: 'daemon',
      env: { ANTHROPIC_BASE_URL: server.url, VIGIL_SVC_KEY: 'k' },
    },
    { clock, store: null, timeoutMs: 5000 },
  );
  await svc.start(engine);
  const step = async (events: AlertEvent[]) => {
    analyzer.next = events;
    await engine.tick();
    await svc.idle();
  };
  const aiEvents = () =>
    readFileSync(config.notifications.log_file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { event: string; id: string; ai: { alertIds: string[] } })
      .filter((e) => e.event === 'ai');
  return { config, clock, log, svc, engine, step, aiEvents };
}

function severe(n: number, severity: Alert['severity'], rule: Alert['rule']): Alert {
  return { ...alert(n), severity, rule, message: `${rule} ${n}` };
}

test('a burst is one call, most severe first, with every firing alert in its context', async () => {
  server.script([{ kind: 'json', body: toolAnswer(GOOD_ANSWER) }]);
  const rig = await burstRig('burst', 60);
  const before = server.requests.length;
  try {
    const t = rig.clock.now();
    // Fired in the order the rules list them, not by severity.
    await rig.step([
      { event: 'fired', alert: severe(31, 'low', 'baseline_anomaly'), time: t },
      { event: 'fired', alert: severe(32, 'medium', 'zombie'), time: t },
      { event: 'fired', alert: severe(33, 'high', 'ghost_process_storm'), time: t },
    ]);
    assert.equal(server.requests.length, before + 1, 'one call for the three');
    const user = String(
      (server.requests.at(-1)!.body as { messages: { content: string }[] }).messages[0]!.content,
    );
    const order = ['ghost_process_storm 33', 'zombie 32', 'baseline_anomaly 31'].map((m) => user.indexOf(m));
    assert.ok(
      order.every((i) => i > 0),
      `every alert is in the prompt: ${order}`,
    );
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
      'most severe first',
    );
    await rig.svc.stop();
    const ev = rig.aiEvents().at(-1)!;
    assert.equal(ev.id, 'alert-33', 'the event is the most severe alert');
    assert.deepEqual(ev.ai.alertIds, ['alert-33', 'alert-32', 'alert-31']);
  } finally {
    await rig.svc.stop();
    await rig.engine.stop();
  }
});

test('held back by the cooldown, an alert is retried once it has passed; a resolved one is not', async () => {
  server.script([{ kind: 'json', body: toolAnswer(GOOD_ANSWER) }]);
  const rig = await burstRig('retry', 60);
  const before = server.requests.length;
  try {
    await rig.step([{ event: 'fired', alert: severe(41, 'medium', 'zombie'), time: rig.clock.now() }]);
    assert.equal(server.requests.length, before + 1);
    rig.clock.tick(10_000);
    await rig.step([
      { event: 'fired', alert: severe(42, 'high', 'ghost_process_storm'), time: rig.clock.now() },
    ]);
    await rig.step([{ event: 'fired', alert: severe(43, 'low', 'baseline_anomaly'), time: rig.clock.now() }]);
    assert.equal(server.requests.length, before + 1, 'within the cooldown: nothing yet');
    const skips = rig.log.lines.filter((l) => l.event === 'ai call skipped');
    // Logged (and stored as skipped) once; alert 43, fired while 42 waits, waits with it.
    assert.deepEqual(
      skips.map((l) => l.alertId),
      ['alert-42'],
    );
    // Alert 43 resolves while it waits: it is not explained any more.
    await rig.step([
      { event: 'resolved', alert: severe(43, 'low', 'baseline_anomaly'), time: rig.clock.now() },
    ]);
    await rig.step([]);
    assert.equal(server.requests.length, before + 1);
    rig.clock.tick(51_000);
    // No new alert: the tick alone retries the one held back.
    await rig.step([]);
    assert.equal(server.requests.length, before + 2, 'retried after the cooldown');
    await rig.svc.stop();
    assert.deepEqual(rig.aiEvents().at(-1)!.ai.alertIds, ['alert-42']);
  } finally {
    await rig.svc.stop();
    await rig.engine.stop();
  }
});
