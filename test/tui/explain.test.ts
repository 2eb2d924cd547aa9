// The explain modal end to end in real tmux, against a local server speaking the Messages API:
// spinner while waiting, Claude's diagnosis, actions with Vigil's verdicts (never the model's risk
// label), a kill the policy allows applied after a confirmation naming the real process (it dies),
// a custom command shown as unverified text that cannot be applied. This session also runs with NO_COLOR,
// TERM=screen, --no-mouse and the vim keymap.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { endMarked, spawnMarked } from '../helpers/marked.ts';
import { type Session, startVigil } from './helpers.ts';

const MARK = `vge${process.pid}`;
let dir = '';
let server: Server;
let s: Session;
let victim: ChildProcess;
const requests: string[] = [];

function answer(pid: number) {
  return {
    id: 'msg_test',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5',
    content: [
      {
        type: 'tool_use',
        id: 'toolu_test',
        name: 'report_diagnosis',
        input: {
          diagnostic: `DIAG-${MARK}: an idle shell left behind by a test.`,
          severity: 'medium',
          actions: [
            {
              type: 'kill_process',
              target: String(pid),
              command: `kill ${pid}`,
              risk: 'safe',
              explanation: 'nothing depends on it',
            },
            {
              type: 'custom',
              target: 'disk',
              command: 'rm -rf /tmp/never-run-this',
              risk: 'dangerous',
              explanation: 'advice only',
            },
          ],
          prevention: `PREVENT-${MARK}`,
        },
      },
    ],
    stop_reason: 'tool_use',
    usage: { input_tokens: 120, output_tokens: 80 },
  };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-tui-ai-'));
  victim = spawnMarked(`${MARK}-victim`);
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      requests.push(`${req.method} ${req.url} ${body}`);
      // Slow enough for the spinner to be seen.
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_test' });
        res.end(JSON.stringify(answer(victim.pid!)));
      }, 1500);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const config = join(dir, 'config.toml');
  writeFileSync(
    config,
    [
      '[ai]',
      'enabled = true',
      'cooldown_secs = 0',
      'max_calls_per_day = 100',
      '',
      '[notifications]',
      'desktop = false',
      `log_file = "${join(dir, 'vigil.log')}"`,
      '',
      '[ui]',
      'keymap = "vim"',
      '',
    ].join('\n'),
  );
  s = startVigil(
    `vigil-tui-ai-${process.pid}`,
    ['watch', '--interval', '0.5', '--no-mouse', '--data-dir', join(dir, 'data'), '--config', config],
    {
      env: {
        TERM: 'screen',
        NO_COLOR: '1',
        LANG: 'C.UTF-8',
        ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}`,
        ANTHROPIC_API_KEY: 'sk-ant-test-dummy',
      },
    },
  );
});

after(async () => {
  s?.kill();
  if (victim) endMarked([victim]);
  await new Promise((r) => server?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

test('explain: spinner, diagnosis with verdict badges, an allowed kill applied after confirmation', async () => {
  await s.waitFor(/AI ready/);
  s.type('\\'); // filter (F3 and / search)
  s.type(`${MARK}-victim`);
  s.keys('Enter');
  await s.waitFor(new RegExp(`│\\s*${victim.pid} root`));
  s.keys('e');
  await s.waitFor(/─ Explain: \d+ sh[\s\S]*asking Claude… \ds/);
  await s.waitFor(/AI waiting/);
  let pane = await s.waitFor(new RegExp(`DIAG-${MARK}`), 30000);
  assert.match(pane, /\[Claude\]/);
  assert.match(pane, /severity: medium/);
  assert.match(pane, new RegExp(`\\[ALLOWED\\] +> kill PID ${victim.pid} \\(sh\\) with SIGTERM`));
  assert.match(pane, /\[UNVERIFIED\] +custom disk/);
  assert.match(pane, /the model's command \(unverified\): rm -rf \/tmp\/never-run-this/);
  assert.doesNotMatch(pane, /\[SAFE\]|\[DANGEROUS\]/, "the model's risk label is not shown as a verdict");
  // The explain request (the AI service may also have asked about an alert firing meanwhile on
  // this shared machine: every request is checked, the explain one found by its subject).
  assert.ok(requests.length >= 1);
  for (const r of requests) assert.match(r, /^POST \/v1\/messages /);
  const explainRequest = requests.find((r) => r.includes(`${MARK}-victim`));
  assert.ok(explainRequest, 'no request carried the explained process');
  assert.match(explainRequest, /"tool_choice":\{"type":"tool","name":"report_diagnosis"\}/);
  // The dangerous custom command is advice only: it cannot be applied.
  s.keys('j', 'a');
  await s.waitFor(/only a kill that Vigil’s policy allows can be applied here/);
  // Escape alone (followed at once by a letter, a terminal would read Alt+letter).
  s.keys('Escape');
  await s.waitFor(/↓\/↑ choose {2}Esc close/);
  s.keys('k');
  await s.waitFor(new RegExp(`\\[ALLOWED\\] +> kill PID ${victim.pid}`));
  s.keys('a');
  await s.waitFor(new RegExp(`Send SIGTERM to PID ${victim.pid} \\(sh\\)\\? y/n`));
  const died = new Promise<NodeJS.Signals | null>((r) => victim.once('exit', (_c, sig) => r(sig)));
  s.keys('y');
  assert.equal(await died, 'SIGTERM');
  pane = await s.waitFor(/exited: /);
  s.keys('Escape');
  await s.waitFor(/a apply {2}↓\/↑ choose/);
  s.keys('Escape');
  await s.waitFor(/AI ready/);
});

test('NO_COLOR and TERM=screen: attributes only, no colours on screen', () => {
  const raw = s.captureEscapes();
  assert.match(raw, /Processes/);
  assert.doesNotMatch(raw, /\u001b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;5;\d+)(?:;[0-9;]*)?m/);
});

test('vim keys navigate, q quits', async () => {
  s.keys('g', 'G', 'k', 'j');
  s.keys('q');
  const pane = await s.waitFor(/VIGIL-EXIT=\d+/);
  assert.match(pane, /VIGIL-EXIT=0/);
});
