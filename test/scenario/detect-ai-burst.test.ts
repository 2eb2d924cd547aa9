// A burst of three alerts with AI on, against a real Messages API server on 127.0.0.1 (the issue:
// the storm got "ai call skipped … cooldown" and was never retried). Real processes make a
// ghost_process_storm (high), duplicate_processes (medium) and a zombie (medium) fire while the
// cooldown holds; once it has passed, ONE call explains all three, the storm first.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createAiService } from '../../src/ai/service.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { createLogger, memoryLogger } from '../../src/core/log.ts';
import type { AlertEvent } from '../../src/core/types.ts';
import { buildEngine } from '../../src/host/compose.ts';
import { stormMinRssBytes } from '../../src/rules/ghost_process_storm.ts';
import { openStore } from '../../src/store/index.ts';
import { GOOD_ANSWER, type MessagesServer, startMessagesServer, toolAnswer } from '../ai/messages-server.ts';
import { createRig } from './detect-helpers.ts';
import { until } from './rules-helpers.ts';

const rig = createRig('detect-ai');
const dir = mkdtempSync(join(tmpdir(), 'vigil-detect-ai-data-'));
let server: MessagesServer;
before(async () => {
  server = await startMessagesServer([{ kind: 'json', body: toolAnswer(GOOD_ANSWER) }]);
});
after(async () => {
  await server.close();
  await rig.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

test('three alerts held by the cooldown are explained in one call, most severe first', {
  timeout: 90_000,
}, async () => {
  const config = defaultConfig({ LANG: 'C' });
  config.general.interval_secs = 0.2;
  config.thresholds.zombie_timeout_secs = 1;
  config.ai.enabled = true;
  config.ai.api_key_env = 'VIGIL_BURST_KEY';
  config.ai.cooldown_secs = 60;
  config.notifications.log_file = join(dir, 'vigil.log');
  const clock = new FakeClock(Date.now());
  const store = openStore(dir);
  // A call was just made (by `vigil explain`, say): the cooldown holds from the start.
  store.recordAiCall({
    time: clock.now(),
    purpose: 'explain',
    model: config.ai.model,
    inputTokens: 1,
    outputTokens: 1,
    latencyMs: 1,
    outcome: 'ok',
  });
  const engine = buildEngine({ config, role: 'daemon', log: createLogger({ write: () => {} }) });
  const fired: AlertEvent[] = [];
  engine.subscribe((e) => {
    if (e.type === 'alert' && e.alert.event === 'fired') fired.push(e.alert);
  });
  const log = memoryLogger();
  const svc = createAiService(
    {
      config,
      dataDir: dir,
      log,
      role: 'daemon',
      env: { ANTHROPIC_BASE_URL: server.url, VIGIL_BURST_KEY: 'k' },
    },
    { clock, store, timeoutMs: 10_000 },
  );
  await svc.start(engine);
  engine.start(200);
  try {
    const total = (await until('a snapshot', () => engine.latest())).memory.totalBytes;
    const mb = Math.ceil((stormMinRssBytes(config.thresholds, total) * 1.3) / (1024 * 1024) / 8);
    const storm = await rig.storm({ n: 8, mb, detached: false, exitAfterMs: 800, tag: 'burst' });
    const [, ...sleepers] = await rig.sleepers(7, 600);
    const [parent] = await rig.zombies(1);
    const of = (rule: string, pid: number) =>
      fired.find((e) => e.alert.rule === rule && e.alert.subject.pids.includes(pid));
    const three = await until(
      'the three alerts',
      () => {
        const s = of('ghost_process_storm', storm.pids[0]!);
        const d = of('duplicate_processes', sleepers[0]!);
        const z = of('zombie', parent!);
        return s && d && z ? [s, d, z] : null;
      },
      45_000,
    );
    await svc.idle();
    const before = server.requests.length;
    assert.equal(before, 0, 'the cooldown holds: no call yet');
    const skipped = log.lines.filter((l) => l.event === 'ai call skipped').map((l) => l.alertId);
    for (const e of three)
      assert.equal(skipped.filter((id) => id === e.alert.id).length <= 1, true, 'logged once');
    // The cooldown passes: the next tick makes ONE call for all three, the storm first.
    clock.tick(61_000);
    await until('the call', () => server.requests.length > 0 || null, 20_000);
    await svc.idle();
    assert.equal(server.requests.length, 1, 'one call for the burst');
    const user = String(
      (server.requests[0]!.body as { messages: { content: string }[] }).messages[0]!.content,
    );
    const at = (rule: string) => user.indexOf(`- rule ${rule}, severity`);
    assert.ok(at('ghost_process_storm') > 0 && at('duplicate_processes') > 0 && at('zombie') > 0, user);
    assert.ok(
      at('ghost_process_storm') < at('duplicate_processes') && at('ghost_process_storm') < at('zombie'),
    );
    await svc.stop();
    const events = readFileSync(config.notifications.log_file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { event: string; rule: string; ai: { alertIds: string[] } })
      .filter((e) => e.event === 'ai');
    assert.equal(events.length, 1);
    assert.equal(events[0]!.rule, 'ghost_process_storm');
    // Every alert of the burst (the machine may add its own), the storm first.
    const ids = events[0]!.ai.alertIds;
    assert.equal(ids[0], three[0]!.alert.id);
    for (const e of three) assert.ok(ids.includes(e.alert.id), `${e.alert.id} in ${ids}`);
  } finally {
    await svc.stop();
    await engine.stop();
    store.close();
  }
});
