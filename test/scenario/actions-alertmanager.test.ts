// Alertmanager API v2 push against a real prometheus-alertmanager (Debian 0.25) on 127.0.0.1,
// started with a temporary config and storage path.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { alertmanagerNotifier } from '../../src/actions/notifiers/alertmanager.ts';
import { createChannel } from '../../src/actions/notifiers/channel.ts';
import type { Notice } from '../../src/actions/notifiers/types.ts';
import { createActionService } from '../../src/actions/service.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { buildEngine } from '../../src/host/compose.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vigil-am-'));
let am: ChildProcess | null = null;
let base = '';
let amLog = '';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function until(cond: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond().catch(() => false);
}

/** The part of Alertmanager's gettableAlert the tests read. */
interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  endsAt: string;
  status: { state: string };
}

async function alerts(): Promise<AmAlert[]> {
  const res = await fetch(`${base}/api/v2/alerts?active=true&silenced=false&inhibited=false`);
  return (await res.json()) as AmAlert[];
}

before(async () => {
  writeFileSync(join(tmp, 'am.yml'), "route:\n  receiver: 'null'\nreceivers:\n  - name: 'null'\n");
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  am = spawn(
    'prometheus-alertmanager',
    [
      `--config.file=${join(tmp, 'am.yml')}`,
      `--storage.path=${join(tmp, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  am.stderr!.on('data', (b) => (amLog += b));
  const ready = await until(async () => (await fetch(`${base}/-/ready`)).ok, 20_000);
  assert.ok(ready, `alertmanager did not start: ${amLog}`);
});

after(async () => {
  if (am && am.exitCode === null) {
    am.kill('SIGTERM');
    await new Promise((r) => am!.once('exit', r));
  }
  rmSync(tmp, { recursive: true, force: true });
});

test('a firing alert from the real engine arrives in Alertmanager with labels and annotations', async () => {
  const cfg = defaultConfig({ LANG: 'C' });
  cfg.general.mode = 'suggest';
  cfg.thresholds.ram_warn_percent = 1;
  cfg.thresholds.ram_critical_percent = 99.9;
  cfg.thresholds.ram_for_secs = 0;
  cfg.notifications.desktop = false;
  cfg.notifications.terminal = false;
  cfg.notifications.alertmanager_url = base;
  cfg.notifications.log_file = join(tmp, 'vigil.log');
  const log = memoryLogger('info');
  const engine = buildEngine({ config: cfg, role: 'daemon', log });
  const service = createActionService(
    { config: cfg, dataDir: tmp, log, role: 'daemon', env: { ...process.env, LANG: 'C' } },
    { useStore: false },
  );
  await service.start(engine);
  engine.start(200);
  try {
    const arrived = await until(
      async () => (await alerts()).some((a) => a.labels.alertname === 'ram_high'),
      20_000,
    );
    assert.ok(arrived, `ram_high not in Alertmanager; log: ${JSON.stringify(log.lines.slice(-5))}`);
    const a = (await alerts()).find((x) => x.labels.alertname === 'ram_high')!;
    assert.equal(a.labels.severity, 'high');
    assert.equal(a.labels.job, 'vigil');
    assert.equal(a.labels.instance, hostname());
    assert.match(a.labels.vigil_alert_id ?? '', /^ram_high/);
    assert.match(a.annotations.summary ?? '', /RAM/);
    assert.equal(a.status.state, 'active');
    assert.ok(Date.parse(a.endsAt) > Date.now(), 'a firing alert has endsAt in the future');
  } finally {
    await engine.stop();
    await service.stop();
  }
});

test('a resolved alert is pushed with endsAt now and leaves the active list', async () => {
  const alert = {
    id: 'disk_low-/data',
    rule: 'disk_low' as const,
    severity: 'critical' as const,
    state: 'firing' as const,
    since: new Date(Date.now() - 60_000).toISOString(),
    message: '/data has 2% free',
    subject: { pids: [], mount: '/data', device: '/dev/sdb1' },
    suggestedCommand: null,
  };
  const n = (kind: Notice['kind']): Notice => ({
    kind,
    time: Date.now(),
    alert: kind === 'resolved' ? { ...alert, state: 'resolved' } : alert,
    suggestedCommand: null,
    hostname: 'fleet-host-1',
    lang: 'en',
  });
  const ch = createChannel(alertmanagerNotifier(`${base}/`), memoryLogger(), { retries: 2, backoffMs: 100 });
  ch.push(n('fired'));
  await ch.flush(10_000);
  const find = async () => (await alerts()).find((a) => a.labels.vigil_alert_id === 'disk_low-/data');
  assert.ok(await until(async () => (await find()) !== undefined, 10_000));
  const fired = (await find())!;
  assert.deepEqual(
    [fired.labels.mount, fired.labels.device, fired.labels.instance],
    ['/data', '/dev/sdb1', 'fleet-host-1'],
  );
  ch.push(n('resolved'));
  await ch.flush(10_000);
  assert.ok(
    await until(async () => (await find()) === undefined, 10_000),
    'resolved alert left the active list',
  );
  assert.equal(ch.stats().sent, 2);
  await ch.stop();
});
