// A fleet on Prometheus: the alerting rules in contrib/prometheus pass `promtool check rules` and
// their unit tests (`promtool test rules`); the Grafana dashboard in contrib/grafana parses as
// PromQL (each query checked by promtool as a recording rule) and names only metrics a live
// scrape of the real daemon serves — like the rules.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI, exited, jsonLines, REPO, reapAll, waitFor } from '../helpers/cli.ts';

const RULES = join(REPO, 'contrib/prometheus/vigil-rules.yml');
const DASHBOARD = join(REPO, 'contrib/grafana/vigil-fleet.json');
const root = mkdtempSync(join(tmpdir(), 'vigil-fleet-'));
const children: ChildProcess[] = [];
after(async () => {
  await reapAll(children);
  rmSync(root, { recursive: true, force: true });
});

function promtool(args: string[], cwd = REPO) {
  const r = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  assert.equal(r.error, undefined, 'promtool runs (Debian package prometheus)');
  return r;
}

test('promtool check rules: the alerting rules are valid', () => {
  const r = promtool(['check', 'rules', RULES]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /SUCCESS: 6 rules found/);
});

test('promtool test rules: each rule fires when it should and stays quiet otherwise', () => {
  const r = promtool(['test', 'rules', 'vigil-rules.test.yml'], join(REPO, 'contrib/prometheus'));
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /SUCCESS/);
  // The unit tests are not vacuous: a rule with another threshold fails them.
  const dir = join(root, 'mutated');
  mkdirSync(dir);
  writeFileSync(join(dir, 'vigil-rules.yml'), readFileSync(RULES, 'utf8').replace('> 0.1', '> 1'));
  writeFileSync(
    join(dir, 'vigil-rules.test.yml'),
    readFileSync(join(REPO, 'contrib/prometheus/vigil-rules.test.yml'), 'utf8'),
  );
  const m = promtool(['test', 'rules', 'vigil-rules.test.yml'], dir);
  assert.notEqual(m.status, 0);
  assert.match(m.stdout + m.stderr, /VigilEngineErrors/);
});

interface Panel {
  title: string;
  type: string;
  targets?: { expr: string }[];
}

/** Every PromQL query of the dashboard, Grafana's variables given values Prometheus accepts. */
function dashboardQueries(): { title: string; expr: string }[] {
  const dash = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    panels: Panel[];
    templating: { list: { query: unknown }[] };
  };
  const out = dash.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ title: p.title, expr: t.expr })));
  return out.map((q) => ({
    title: q.title,
    expr: q.expr.replace(/\$instance/g, '.*').replace(/\$__rate_interval/g, '5m'),
  }));
}

/** The metric families a live scrape of a daemon serves (`# TYPE` lines), once `ready` holds. */
async function scrapeFamilies(
  env: NodeJS.ProcessEnv,
  args: string[],
  ready: (families: Set<string>) => boolean,
): Promise<Set<string>> {
  const daemon = spawn(
    process.execPath,
    [CLI, '--headless', '--interval', '0.2', '--metrics', '127.0.0.1:0', ...args],
    {
      env: {
        ...process.env,
        VIGIL_DATA_DIR: join(root, `data-${children.length}`),
        XDG_CONFIG_HOME: join(root, 'cfg'),
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  children.push(daemon);
  let err = '';
  daemon.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const listening = await waitFor(
    () => jsonLines(err).find((l) => l.event === 'metrics listening'),
    30_000,
    'metrics',
  );
  const deadline = Date.now() + 30_000;
  let families = new Set<string>();
  while (!ready(families)) {
    assert.ok(Date.now() < deadline, `the scrape never got ready: ${[...families].join(' ')}\n${err}`);
    await new Promise((r) => setTimeout(r, 200));
    const text = await (await fetch(String(listening.url))).text();
    families = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
  }
  daemon.kill('SIGTERM');
  await exited(daemon);
  return families;
}

test('every metric the dashboard and the rules name is served by a live daemon', async () => {
  const queries = dashboardQueries();
  assert.ok(queries.length >= 20, `${queries.length} queries`);
  // Valid PromQL: promtool parses each query as a recording rule.
  const asRules = `groups:\n  - name: dashboard\n    rules:\n${queries
    .map((q, i) => `      - record: dashboard:panel_${i}\n        expr: ${JSON.stringify(q.expr)}\n`)
    .join('')}`;
  writeFileSync(join(root, 'dashboard-rules.yml'), asRules);
  const parsed = promtool(['check', 'rules', join(root, 'dashboard-rules.yml')]);
  assert.equal(parsed.status, 0, parsed.stdout + parsed.stderr);

  // A daemon with everything to show: a GPU and sensors (fixtures), a firing alert (duplicates).
  for (let i = 0; i < 4; i++) children.push(spawn('sleep', ['600.75'], { stdio: 'ignore' }));
  const config = join(root, 'dups.toml');
  writeFileSync(config, '[thresholds]\nmax_duplicate_processes = 2\n[notifications]\ndesktop = false\n');
  const rich = await scrapeFamilies(
    {
      VIGIL_NVIDIA_SMI: join(REPO, 'test/fixtures/gpu/nvidia-smi'),
      VIGIL_SYS_ROOT: join(REPO, 'test/fixtures/sys/workstation'),
    },
    ['--config', config],
    (f) =>
      f.has('vigil_alert_active') &&
      f.has('vigil_gpu_utilization_ratio') &&
      f.has('vigil_cpu_temperature_celsius'),
  );
  // And one whose collectors fail (an empty /proc): the per-source error counter appears.
  const emptyProc = join(root, 'empty-proc');
  mkdirSync(emptyProc);
  const failing = await scrapeFamilies({ VIGIL_PROC_ROOT: emptyProc }, [], (f) =>
    f.has('vigil_engine_source_errors_total'),
  );
  const served = new Set([...rich, ...failing]);
  assert.ok(
    served.has('vigil_alert_active') && served.has('vigil_gpu_utilization_ratio'),
    [...served].join(' '),
  );

  // Histogram series (`_bucket`) belong to their family.
  const family = (name: string) => name.replace(/_(bucket|sum|count)$/, '');
  const named = (text: string) => [...text.matchAll(/\bvigil_[a-z0-9_]+/g)].map((m) => family(m[0]));
  assert.ok(new Set(queries.flatMap((q) => named(q.expr))).size >= 25, 'the dashboard names most families');
  const missing: string[] = [];
  for (const q of queries)
    for (const n of named(q.expr)) if (!served.has(n)) missing.push(`${q.title}: ${n}`);
  for (const n of named(readFileSync(RULES, 'utf8'))) if (!served.has(n)) missing.push(`rules: ${n}`);
  assert.deepEqual(missing, []);
});
