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
  ['code', '/usr/share/code/code --type=zygote', 'ide_helper'],
  ['code', '/usr/share/code/code --unity-launch', 'editor'],
  ['tmux: server', 'tmux new -s work', 'terminal'],
  ['bash', '-bash', 'shell'],
  ['bash', '/bin/bash', 'shell'],
  ['dockerd', '/usr/bin/dockerd -H fd://', 'container'],
  ['sshd', 'sshd: /usr/sbin/sshd -D', 'system_daemon'],
  ['node', 'node /home/dev/code/app.js', 'runtime'],
  // Watchers and bundlers.
  ['node', 'node /home/dev/app/node_modules/typescript/bin/tsc --watch -p .', 'watcher'],
  ['node', 'node /home/dev/app/node_modules/.bin/tsc -w', 'watcher'],
  ['node', 'node /home/dev/app/node_modules/.bin/nodemon server.js', 'watcher'],
  ['node', 'node /home/dev/app/node_modules/.bin/webpack --watch --mode development', 'watcher'],
  ['node', 'node /home/dev/app/node_modules/.bin/webpack --mode production', 'build_tool'],
  ['node', 'node /home/dev/app/node_modules/.bin/vitest run', 'test_runner'],
  ['python3', 'python3 -m pytest -x tests/', 'test_runner'],
  // Container shims and runtimes.
  ['containerd-shim', '/usr/bin/containerd-shim-runc-v2 -namespace moby -id 0123456789ab', 'container_shim'],
  ['conmon', '/usr/bin/conmon --api-version 1 -c 0123456789ab', 'container_shim'],
  ['containerd', '/usr/bin/containerd', 'container'],
  // Editor helpers: extension hosts, Electron helpers, remote servers, JetBrains file watchers.
  [
    'node',
    '/home/dev/.vscode-server/bin/abc/node --dns-result-order=ipv4first /home/dev/.vscode-server/bin/abc/out/bootstrap-fork --type=extensionHost',
    'ide_helper',
  ],
  ['code', '/usr/share/code/code --type=utility --utility-sub-type=node.mojom.NodeService', 'ide_helper'],
  [
    'node',
    '/home/dev/.cursor-server/bin/x/node /home/dev/.cursor-server/bin/x/out/server-main.js',
    'ide_helper',
  ],
  ['fsnotifier', '/opt/jetbrains/idea/bin/fsnotifier', 'ide_helper'],
  ['chrome', '/opt/google/chrome/chrome --type=gpu-process', 'browser'],
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

// What it is, who started it, whether that parent lives, what to do: one row per situation.
const alive = (pid: number, name: string, cmdline: string) => ({ pid, name, cmdline, alive: true });
const gone = (pid: number, name: string, cmdline: string) => ({ pid, name, cmdline, alive: false });
const SITUATIONS: {
  what: string;
  p: { name: string; cmdline: string };
  ctx: Parameters<typeof describeProcess>[2];
  text: RegExp[];
  advice: RegExp[];
}[] = [
  {
    what: 'an MCP server whose Claude Code exited',
    p: { name: 'python3', cmdline: 'python3 /home/dev/srv/mcp_server.py --stdio' },
    ctx: { lineage: [gone(4242, 'claude', 'node /usr/lib/node_modules/@anthropic-ai/claude-code/cli.js')] },
    text: [/MCP server/, /Started by claude \(pid 4242\), which has exited/],
    advice: [/ending it \(SIGTERM\) is safe/],
  },
  {
    what: 'an MCP server of a live session',
    p: { name: 'node', cmdline: 'node /home/dev/.npm/_npx/1/node_modules/.bin/mcp-server-filesystem /tmp' },
    ctx: { lineage: [alive(900, 'claude', 'claude')] },
    text: [/MCP server/, /Started by claude \(pid 900\), which still runs/],
    advice: [/belongs to a session that still runs/],
  },
  {
    what: 'a language server whose editor is gone',
    p: { name: 'node', cmdline: 'node /x/node_modules/typescript/lib/tsserver.js --useNodeIpc' },
    ctx: { lineage: [gone(70, 'code', '/usr/share/code/code')], rssBytes: 900 * 1024 * 1024 },
    text: [/language server/, /Started by code \(pid 70\), which has exited/],
    advice: [/Restart TS server/, /ending it \(SIGTERM\) is safe/, /holds 900M of memory/],
  },
  {
    what: 'a tsc --watch left by a closed terminal (adopted by init)',
    p: { name: 'node', cmdline: 'node /app/node_modules/.bin/tsc --watch' },
    ctx: { lineage: [alive(1, 'systemd', '/sbin/init')], adopted: true },
    text: [/file watcher/, /init adopted it/],
    advice: [/Ctrl-C/, /ending it \(SIGTERM\) is safe/],
  },
  {
    what: 'nodemon under a live shell',
    p: { name: 'node', cmdline: 'node /app/node_modules/.bin/nodemon server.js' },
    ctx: { lineage: [alive(300, 'bash', '-bash')] },
    text: [/file watcher/, /Started by bash \(pid 300\), which still runs/],
    advice: [/Ctrl-C/],
  },
  {
    what: 'vite started by npm',
    p: { name: 'node', cmdline: 'node /app/node_modules/.bin/vite --port 5173' },
    ctx: { lineage: [alive(310, 'npm run dev', 'npm run dev')] },
    text: [/development server/, /Started by npm \(pid 310\), which still runs/],
    advice: [/Ctrl-C/],
  },
  {
    what: 'jest workers whose runner died',
    p: { name: 'node', cmdline: 'node /app/node_modules/jest-worker/build/workers/processChild.js jest' },
    ctx: { lineage: [gone(320, 'node', 'node /app/node_modules/.bin/jest')] },
    text: [/test runner/, /which has exited/],
    advice: [/outlive/, /safe/],
  },
  {
    what: 'a containerd shim',
    p: { name: 'containerd-shim', cmdline: '/usr/bin/containerd-shim-runc-v2 -namespace moby -id abc' },
    ctx: { lineage: [alive(1, 'systemd', '/sbin/init')] },
    text: [/container shim/, /Started by the system/],
    advice: [/docker stop/],
  },
  {
    what: 'a Chrome renderer',
    p: { name: 'chrome', cmdline: '/opt/google/chrome/chrome --type=renderer' },
    ctx: { lineage: [alive(500, 'chrome', '/opt/google/chrome/chrome')] },
    text: [/web browser/, /Started by chrome \(pid 500\), which still runs/],
    advice: [/task manager/],
  },
  {
    what: 'a VS Code extension host',
    p: {
      name: 'node',
      cmdline:
        '/home/dev/.vscode-server/bin/a/node /home/dev/.vscode-server/bin/a/out/bootstrap-fork --type=extensionHost',
    },
    ctx: { lineage: [alive(600, 'node', '/home/dev/.vscode-server/bin/a/node server-main.js')] },
    text: [/helper process of your editor/],
    advice: [/Reload Window/],
  },
  {
    what: 'a 400 MB leaking Python script (not the bare interpreter sentence)',
    p: { name: 'python3', cmdline: 'python3 /home/dev/jobs/leak.py --rows 100' },
    ctx: { lineage: [alive(300, 'bash', '-bash')], rssBytes: 400 * 1024 * 1024 },
    text: [/python3 runs \/home\/dev\/jobs\/leak\.py/, /Started by bash \(pid 300\)/],
    advice: [/Check which project/],
  },
];

test('the local explanation says what it is, who started it, whether that parent lives, what to do', () => {
  for (const c of SITUATIONS) {
    const d = describeProcess(c.p, 'en', c.ctx);
    for (const re of c.text) assert.match(d.text, re, `${c.what}: ${d.text}`);
    for (const re of c.advice) assert.match(d.advice, re, `${c.what}: ${d.advice}`);
    // The same in French, with the same facts (pids) in it.
    const fr = describeProcess(c.p, 'fr', c.ctx);
    assert.ok(fr.text.length > 0 && fr.advice.length > 0, c.what);
    for (const pid of (c.ctx?.lineage ?? []).filter((a) => a.pid > 1).map((a) => String(a.pid)))
      assert.ok(fr.text.includes(pid), `${c.what} (fr): ${fr.text}`);
  }
  assert.doesNotMatch(
    describeProcess({ name: 'python3', cmdline: 'python3 /home/dev/jobs/leak.py' }, 'en').text,
    /the command line says which script/,
  );
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
