import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.ts';
import { buildEngine } from '../../src/host/compose.ts';
import { openStore } from '../../src/store/index.ts';
import { GOOD_ANSWER, type MessagesServer, startMessagesServer, toolAnswer } from './messages-server.ts';

const ROOT = join(import.meta.dirname, '..', '..');
let dir: string;
let server: MessagesServer;
let target: ChildProcess;
let port = 0;

/** Run the CLI without blocking this process (the Messages API server lives here). */
function vigil(
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'src/cli/main.ts'), ...args], {
      env: { PATH: process.env.PATH, HOME: dir, LANG: 'C.UTF-8', VIGIL_DATA_DIR: dir, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-explain-'));
  server = await startMessagesServer([{ kind: 'json', body: toolAnswer(GOOD_ANSWER) }]);
  // A small MCP-like server: listens on a loopback port, has one child, carries a secret argument.
  const script = join(dir, 'mcp_server.js');
  writeFileSync(
    script,
    `const net = require('node:net');
     const { spawn } = require('node:child_process');
     const child = spawn('sleep', ['60'], { stdio: 'ignore' });
     const srv = net.createServer(() => {}).listen(0, '127.0.0.1', () => {
       process.stdout.write(String(srv.address().port) + ' ' + child.pid + '\\n');
     });
     process.on('SIGTERM', () => { child.kill(); process.exit(0); });`,
  );
  target = spawn(process.execPath, [script, '--password', 'hunter2-explain-secret'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const first = await new Promise<string>((resolve) =>
    target.stdout!.once('data', (c: Buffer) => resolve(c.toString())),
  );
  port = Number(first.split(' ')[0]);
  writeFileSync(
    join(dir, 'ai.toml'),
    ['[ai]', 'enabled = true', 'api_key_env = "VIGIL_EXPLAIN_KEY"', 'cooldown_secs = 600', ''].join('\n'),
  );
});

after(async () => {
  target.kill('SIGTERM');
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('bad usage exits 2, a missing process exits 1, with one clear line', async () => {
  const missing = await vigil(['explain']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /missing pid/);
  const nan = await vigil(['explain', 'abc']);
  assert.equal(nan.status, 2);
  assert.match(nan.stderr, /'abc' is not a pid/);
  const gone = await vigil(['explain', '4194303']);
  assert.equal(gone.status, 1);
  assert.match(gone.stderr, /no process with pid 4194303/);
  assert.equal(gone.stderr.trim().split('\n').length, 1);
});

test('--no-ai: facts from /proc and history, the local explanation; nothing leaves the machine', async () => {
  // Two samples of the target in the history store, as the daemon's recorder writes them.
  const engine = buildEngine({ config: defaultConfig({}), role: 'status' });
  const store = openStore(dir);
  for (let i = 0; i < 2; i++) {
    const { snapshot } = await engine.tick();
    assert.ok(store.recordSnapshot(snapshot, { pids: [target.pid!] }));
    await new Promise((r) => setTimeout(r, 50));
  }
  store.close();
  await engine.stop();
  const before = server.requests.length;
  const r = await vigil(
    ['explain', String(target.pid), '--json', '--no-ai', '--config', join(dir, 'ai.toml')],
    {
      ANTHROPIC_BASE_URL: server.url,
      VIGIL_EXPLAIN_KEY: 'dummy',
    },
  );
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.pid, target.pid);
  assert.equal(j.ppid, process.pid);
  assert.equal(j.lineage[0].pid, process.pid);
  assert.match(j.cmdline, /mcp_server\.js/);
  assert.ok(j.children.some((c: { name: string }) => c.name === 'sleep'));
  assert.ok(j.sockets.listening.includes(`tcp 127.0.0.1:${port}`), JSON.stringify(j.sockets));
  assert.ok(j.fds > 0);
  assert.ok(j.rssBytes > 0);
  assert.equal(j.history.samples, 2);
  assert.ok(j.history.rssMaxBytes > 0);
  assert.equal(j.local.kind, 'mcp_server');
  assert.equal(j.ai.outcome, 'fallback');
  assert.equal(j.ai.reason, 'no_ai');
  assert.equal(server.requests.length, before);
});

test('with AI: a redacted request, the diagnosis, the call recorded; a second call waits for the cooldown', async () => {
  const env = { ANTHROPIC_BASE_URL: server.url, VIGIL_EXPLAIN_KEY: 'dummy' };
  const before = server.requests.length;
  const r = await vigil(['explain', String(target.pid), '--json', '--config', join(dir, 'ai.toml')], env);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.ai.outcome, 'ok');
  assert.equal(j.ai.diagnostic, GOOD_ANSWER.diagnostic);
  assert.equal(j.ai.inputTokens, 1200);
  assert.equal(server.requests.length, before + 1);
  const raw = server.requests.at(-1)!.raw;
  assert.ok(!raw.includes('hunter2-explain-secret'), 'the secret argument left the machine');
  assert.ok(raw.includes('mcp_server.js'));
  assert.ok(raw.includes('[REDACTED]'));
  // The budget lives in the store: another process, seconds later, is inside the cooldown.
  const again = await vigil(
    ['explain', String(target.pid), '--config', join(dir, 'ai.toml'), '--lang', 'fr'],
    env,
  );
  assert.equal(again.status, 0, again.stderr);
  assert.equal(server.requests.length, before + 1);
  assert.match(again.stdout, /Processus \d+/);
  assert.match(again.stdout, /délai entre appels IA/);
  assert.match(again.stdout, /serveur MCP/);
});

test('AI on without a key says so and still explains locally', async () => {
  const r = await vigil(['explain', String(target.pid), '--config', join(dir, 'ai.toml')], {});
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /no API key: set the environment variable \$VIGIL_EXPLAIN_KEY/);
  assert.match(r.stdout, /MCP server/);
  assert.equal(r.stderr, '', 'nothing but the explanation');
});
