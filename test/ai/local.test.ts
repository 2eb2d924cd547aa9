import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify, describeProcess, explainAlertLocally } from '../../src/ai/local.ts';
import type { Alert, Snapshot } from '../../src/core/types.ts';

const CASES: [string, string, string | null][] = [
  ['python3', 'python3 /home/dev/tools/mcp_server.py --stdio', 'mcp_server'],
  ['node', 'node /home/dev/.npm/_npx/abc/node_modules/.bin/mcp-server-filesystem /tmp', 'mcp_server'],
  [
    'npm exec @modelcontextprotocol/server-github',
    'npm exec @modelcontextprotocol/server-github',
    'mcp_server',
  ],
  ['claude', 'claude --resume', 'ai_tool'],
  ['node', 'node /usr/lib/node_modules/@anthropic-ai/claude-code/cli.js', 'ai_tool'],
  [
    'node',
    'node /home/dev/.vscode-server/bin/x/extensions/node_modules/typescript/lib/tsserver.js --useNodeIpc',
    'language_server',
  ],
  ['rust-analyzer', '/home/dev/.cargo/bin/rust-analyzer', 'language_server'],
  ['gopls', 'gopls -mode=stdio', 'language_server'],
  ['node', 'node /home/dev/app/node_modules/.bin/vite --port 5173', 'dev_server'],
  ['python3', 'python3 -m uvicorn main:app --reload', 'dev_server'],
  ['cc1plus', '/usr/lib/gcc/x86_64-linux-gnu/12/cc1plus -quiet foo.cpp', 'build_tool'],
  ['node', 'node /home/dev/app/node_modules/typescript/bin/tsc -p .', 'build_tool'],
  ['cargo', 'cargo build --release', 'build_tool'],
  ['node', 'node /home/dev/app/node_modules/.bin/jest --watch', 'test_runner'],
  ['npm install', 'npm install', 'package_manager'],
  ['postgres', 'postgres: checkpointer', 'database'],
  ['redis-server', '/usr/bin/redis-server 127.0.0.1:6379', 'database'],
  ['chrome', '/opt/google/chrome/chrome --type=renderer', 'browser'],
  ['Isolated Web Co', '/usr/lib/firefox/firefox -contentproc -isForBrowser', 'browser'],
  ['nvim', 'nvim src/main.ts', 'editor'],
  ['code', '/usr/share/code/code --type=zygote', 'editor'],
  ['tmux: server', 'tmux new -s work', 'terminal'],
  ['bash', '-bash', 'shell'],
  ['bash', '/bin/bash', 'shell'],
  ['dockerd', '/usr/bin/dockerd -H fd://', 'container'],
  ['sshd', 'sshd: /usr/sbin/sshd -D', 'system_daemon'],
  ['node', 'node /home/dev/code/app.js', 'runtime'],
  ['myapp', '/opt/myapp/bin/myapp --serve', null],
];

test('known kinds are recognised by program, not by a word in a path', () => {
  for (const [name, cmdline, kind] of CASES) {
    assert.equal(classify({ name, cmdline })?.kind ?? null, kind, `${name} | ${cmdline}`);
  }
  assert.equal(classify({ name: 'kworker/0:1', cmdline: '', kernelThread: true })?.kind, 'kernel_thread');
});

test('descriptions exist in both languages and name the tool', () => {
  const p = { name: 'python3', cmdline: 'python3 mcp_server.py' };
  const en = describeProcess(p, 'en');
  const fr = describeProcess(p, 'fr');
  assert.match(en.text, /MCP server/);
  assert.match(fr.text, /serveur MCP/);
  assert.ok(en.advice.length > 0 && fr.advice.length > 0);
  assert.match(describeProcess({ name: 'weird', cmdline: 'weird' }, 'en').text, /weird is not a program/);
});

test('the local alert explanation names the rule, the suspects and the suggested command', () => {
  const alert: Alert = {
    id: 'x',
    rule: 'duplicate_processes',
    severity: 'medium',
    state: 'firing',
    since: new Date().toISOString(),
    message: '7 copies of python3 mcp_server.py',
    subject: { pids: [10, 11] },
    suggestedCommand: 'kill 10 11',
  };
  const proc = (pid: number) => ({
    pid,
    ppid: 1,
    pgid: pid,
    uid: 1000,
    user: 'dev',
    name: 'python3',
    cmdline: 'python3 mcp_server.py',
    state: 'S',
    cpuPercent: 0,
    rssBytes: 1,
    threads: 1,
    fds: 3,
    startTime: '',
    ageSeconds: 1,
    startTicks: 1,
    sid: 1,
    ttyNr: 0,
    kernelThread: false,
  });
  const snapshot = { processes: [proc(10), proc(11)] } as unknown as Snapshot;
  const text = explainAlertLocally(alert, snapshot, 'en');
  assert.match(text, /same command line/);
  assert.match(text, /MCP server/);
  assert.equal(text.match(/MCP server:/g)?.length, 1, 'one description per kind of suspect');
  assert.match(text, /kill 10 11/);
});
