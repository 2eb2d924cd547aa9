// The Prometheus endpoint of the real daemon (built dist/, as installed): a live scrape checked
// by promtool, then a real Prometheus server (Debian's package) scraping it on 127.0.0.1.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { exited, jsonLines, REPO, waitFor } from '../helpers/cli.ts';

const DIST_MAIN = join(REPO, 'dist/src/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'vigil-metrics-'));
const configFile = join(dir, 'config.toml');
const env = {
  ...process.env,
  VIGIL_DATA_DIR: join(dir, 'data'),
  XDG_CONFIG_HOME: join(dir, 'cfg'),
  NO_COLOR: '1',
};
const children: ChildProcess[] = [];
let daemon: ChildProcess;
let daemonErr = '';
let base = '';

function spawnTracked(cmd: string, args: string[], opts: Parameters<typeof spawn>[2] = {}): ChildProcess {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  children.push(child);
  return child;
}

async function scrape(path = '/metrics', method = 'GET'): Promise<Response> {
  return fetch(base + path, { method, signal: AbortSignal.timeout(5000) });
}

/** Poll an async check until it gives a truthy value (the shared waitFor is synchronous). */
async function until<T>(check: () => Promise<T | null>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

before(async () => {
  if (!existsSync(DIST_MAIN)) {
    const b = spawnSync('npm', ['run', 'build'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(b.status, 0, b.stdout + b.stderr);
  }
  // Four identical sleepers against a limit of 2: duplicate_processes fires, so the alert gauge
  // has a real series to show.
  writeFileSync(
    configFile,
    '[thresholds]\nmax_duplicate_processes = 2\n\n[notifications]\ndesktop = false\n',
  );
  for (let i = 0; i < 4; i++) spawnTracked('sleep', ['313.25'], { stdio: 'ignore' });
  daemon = spawnTracked(
    process.execPath,
    [DIST_MAIN, '--headless', '--interval', '0.2', '--config', configFile, '--metrics', '127.0.0.1:0'],
    { env, cwd: dir },
  );
  daemon.stderr!.on('data', (d: Buffer) => {
    daemonErr += d.toString();
  });
  const listening = await waitFor(
    () => jsonLines(daemonErr).find((l) => l.event === 'metrics listening'),
    30_000,
    'the daemon to log its metrics address',
  );
  assert.match(String(listening.address), /^127\.0\.0\.1:\d+$/);
  assert.notEqual(String(listening.address), '127.0.0.1:0', 'the real bound port is logged');
  base = `http://${listening.address}`;
});

after(async () => {
  for (const c of children.reverse()) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGTERM');
      const done = await Promise.race([exited(c), new Promise((r) => setTimeout(() => r('timeout'), 5000))]);
      if (done === 'timeout') c.kill('SIGKILL');
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

test('a live scrape passes promtool check metrics and shows every area', async () => {
  const body = await until(
    async () => {
      const text = await (await scrape()).text();
      return /vigil_alert_active\{rule="duplicate_processes",severity="medium"\} [1-9]/.test(text) &&
        /vigil_cpu_usage_ratio /.test(text)
        ? text
        : null;
    },
    40_000,
    'a scrape with CPU figures and the duplicate_processes alert',
  );
  const res = await scrape();
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  const text = await res.text();
  for (const name of [
    'vigil_build_info',
    'vigil_engine_ticks_total',
    'vigil_engine_errors_total',
    'vigil_engine_tick_duration_seconds_bucket',
    'vigil_cpu_core_usage_ratio{core="0"}',
    'vigil_cpu_seconds_total{mode="user"}',
    'vigil_load1',
    'vigil_memory_total_bytes',
    'vigil_swap_total_bytes',
    'vigil_disk_size_bytes{',
    'vigil_network_receive_bytes_total{interface="lo"}',
    'vigil_gpus 0',
    'vigil_processes{state="S"}',
    'vigil_alerts_firing',
  ]) {
    assert.ok(text.includes(name), `${name} in the scrape`);
  }
  const check = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' });
  assert.equal(check.error, undefined, 'promtool runs');
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.equal((check.stdout + check.stderr).trim(), '', 'promtool has no lint finding');
  const ticks = Number(/^vigil_engine_ticks_total (\d+)$/m.exec(text)?.[1]);
  const later = await until(
    async () => {
      const n = Number(/^vigil_engine_ticks_total (\d+)$/m.exec(await (await scrape()).text())?.[1]);
      return n > ticks ? n : null;
    },
    20_000,
    'the tick counter to move',
  );
  assert.ok(later > ticks);
});

test('only GET/HEAD on /metrics; other paths are 404', async () => {
  assert.equal((await scrape('/nope')).status, 404);
  const post = await scrape('/metrics', 'POST');
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET, HEAD');
  const head = await scrape('/metrics', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');
  assert.match(await (await scrape('/')).text(), /\/metrics/);
});

test('a real Prometheus server scrapes the daemon: up == 1', async () => {
  const port = await freePort();
  const promDir = join(dir, 'prom');
  const yml = join(dir, 'prometheus.yml');
  writeFileSync(
    yml,
    `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: vigil\n    static_configs:\n      - targets: ['${base.replace('http://', '')}']\n`,
  );
  const prom = spawnTracked('prometheus', [
    `--config.file=${yml}`,
    `--storage.tsdb.path=${promDir}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ]);
  let promLog = '';
  prom.stderr!.on('data', (d: Buffer) => {
    promLog += d.toString();
  });
  const query = async (q: string) => {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(q)}`, {
        signal: AbortSignal.timeout(3000),
      });
      const j = (await r.json()) as {
        data?: { result?: { metric: Record<string, string>; value: [number, string] }[] };
      };
      return j.data?.result ?? [];
    } catch {
      return [];
    }
  };
  try {
    const up = await until(
      async () => {
        if (prom.exitCode !== null) throw new Error(`prometheus exited: ${promLog.slice(-500)}`);
        const r = await query('up{job="vigil"}');
        return r[0]?.value[1] === '1' ? r : null;
      },
      60_000,
      'Prometheus to scrape the daemon',
    );
    assert.equal(up.length, 1);
    const alerts = await until(
      async () => {
        const r = await query('vigil_alert_active{rule="duplicate_processes"}');
        return r.length ? r : null;
      },
      30_000,
      'the alert series in Prometheus',
    );
    assert.equal(alerts[0]!.metric.severity, 'medium');
    assert.ok(Number(alerts[0]!.value[1]) >= 1);
  } finally {
    prom.kill('SIGTERM');
    await exited(prom);
  }
});

test('[metrics] listen with an empty host binds loopback; a bad --metrics is a one-line usage error (exit 2)', async () => {
  const bad = spawnSync(process.execPath, [DIST_MAIN, '--headless', '--ticks', '1', '--metrics', 'nowhere'], {
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(bad.status, 2, bad.stderr);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.match(bad.stderr, /--metrics: expected HOST:PORT/);

  const cfg = join(dir, 'listen.toml');
  writeFileSync(cfg, '[metrics]\nlisten = ":0"\n');
  const child = spawnTracked(
    process.execPath,
    [DIST_MAIN, '--headless', '--interval', '0.2', '--config', cfg],
    {
      env: { ...env, VIGIL_DATA_DIR: join(dir, 'data2') },
    },
  );
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const line = await waitFor(
    () => jsonLines(err).find((l) => l.event === 'metrics listening'),
    30_000,
    'listen line',
  );
  assert.match(String(line.address), /^127\.0\.0\.1:\d+$/);
  child.kill('SIGTERM');
  assert.equal(await exited(child), 0);
});
