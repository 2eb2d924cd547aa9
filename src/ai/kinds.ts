// Which known kind of program a process is (MCP server, language server, watcher, dev server,
// test runner, container shim, browser, IDE helper…), from its comm and command line only: the
// local explanation's first question. Order matters: `python3 mcp_server.py` is an MCP server
// before it is a Python program, `tsc --watch` a watcher before it is a compiler.
import type { ProcessSnapshot } from '../core/types.ts';

export const KINDS = [
  'kernel_thread',
  'mcp_server',
  'ai_tool',
  'language_server',
  'test_runner',
  'watcher',
  'dev_server',
  'build_tool',
  'package_manager',
  'database',
  'container_shim',
  'ide_helper',
  'browser',
  'editor',
  'terminal',
  'container',
  'shell',
  'system_daemon',
  'runtime',
] as const;
export type Kind = (typeof KINDS)[number];

export interface Classification {
  kind: Kind;
  /** The program or tool recognised (e.g. "tsserver", "vite", "postgres"). */
  tool: string;
}

// Each kind: a regex over "comm argv…" (lower case). The capture (or the match) names the tool.
const MATCHERS: [Exclude<Kind, 'kernel_thread'>, RegExp][] = [
  [
    'mcp_server',
    /(@modelcontextprotocol\/[\w.-]+|\bmcp[-_][\w.-]*server[\w.-]*|\b[\w.-]*[-_]mcp\b|\bmcp-server[\w.-]*|\bfastmcp\b|\bmcp_server\b|\bmcp\b)/,
  ],
  [
    'ai_tool',
    /(@anthropic-ai\/claude-code|\bclaude(?:-code)?\b|\baider\b|\bcodex\b|\bgemini-cli\b|\bcopilot-language-server\b|\bcopilot\b|\bollama\b|\bllama-server\b|\bgoose\b|\bopencode\b)/,
  ],
  [
    'language_server',
    /(\btsserver\b|typescript-language-server|rust-analyzer|\bgopls\b|\bpyright[\w-]*|\bpylsp\b|\bjedi-language-server\b|\bclangd\b|\bjdtls\b|\bjdt\.ls\b|\bintelephense\b|\bsolargraph\b|\bomnisharp\b|\belixir-ls\b|[\w-]+-language-server\b|[\w-]+-langserver\b|\beslintserver\b|\bvscode-[\w-]+-server\b|\bruff-lsp\b|\bzls\b|\bmetals\b)/,
  ],
  [
    'test_runner',
    /(\bjest\b|\bvitest\b|\bpytest\b|\bmocha\b|\bplaywright\b|\bcypress\b|\bkarma\b|node --test\b|\bava\b|\bnextest\b)/,
  ],
  [
    'watcher',
    /(\bnodemon\b|\bwatchman\b|\bchokidar\b|\bts-node-dev\b|\btsx watch\b|\bcargo-watch\b|\bwatchexec\b|\bentr\b|\b(?:tsc|webpack|esbuild|rollup|babel|sass|tailwindcss|vite build|swc)\b[^|]*?(?:\s--watch\b|\s-w\b))/,
  ],
  [
    'dev_server',
    /(\bvite\b|webpack-dev-server|webpack serve|\bnext dev\b|\bnext-server\b|\bnuxt\b|react-scripts start|\bng serve\b|\bparcel\b|\bastro dev\b|\bremix dev\b|\buvicorn\b|\bgunicorn\b|\bflask run\b|manage\.py runserver|\brails server\b|\bpuma\b|http\.server|\blive-server\b|\bstorybook\b|\bturbo dev\b|\bjekyll serve\b|\bhugo server\b|\bhttp-server\b|\bbun --hot\b|\bdeno task dev\b)/,
  ],
  [
    'build_tool',
    /(^tsc\b|\btsc\b|\bcargo\b|\brustc\b|\bcc1(?:plus)?\b|\bgcc\b|\bg\+\+\b|\bclang(?:\+\+)?\b|\bld(?:\.lld|\.gold)?\b|\bmake\b|\bninja\b|\bcmake\b|\bgradle\w*\b|\bmvn\b|\bmaven\b|\bbazel\b|\besbuild\b|\brollup\b|\bwebpack\b|go build\b|\bjavac\b|\bkotlin-daemon\b|\bsbt\b|\bturbo\b|\bnx\b|\bmeson\b)/,
  ],
  [
    'package_manager',
    /(\bnpm\b|\bnpx\b|\byarn\b|\bpnpm\b|\bpip3?\b|\buv\b|\bpoetry\b|\bapt(?:-get)?\b|\bdpkg\b|\bbundle\b|\bcomposer\b)/,
  ],
  [
    'database',
    /(\bpostgres\b|\bpostmaster\b|\bmysqld\b|\bmariadbd\b|\bmongod\b|\bredis-server\b|\bvalkey-server\b|\bmemcached\b|\belasticsearch\b|\bopensearch\b|\bclickhouse\b|\bcockroach\b|\betcd\b|\binfluxd\b|\bneo4j\b|\bcassandra\b|\brabbitmq\w*\b|\bkafka\b|\bminio\b|\bqdrant\b|\bcouchdb\b|\bsqlite3\b)/,
  ],
  [
    'container_shim',
    /(\bcontainerd-shim[\w-]*\b|\bconmon\b|\bdocker-proxy\b|\bslirp4netns\b|\bcrun\b|\brunc\b)/,
  ],
  [
    'browser',
    /(\bchrome\b|\bchromium(?:-browser)?\b|\bfirefox(?:-esr)?\b|\bbrave\b|\bmsedge\b|\bopera\b|\bvivaldi\b|\bepiphany\b|\bwebkitwebprocess\b|\bweb content\b|\bisolated web co\b|\bchrome_crashpad\b)/,
  ],
  [
    'editor',
    /(\bn?vim\b|\bemacs\b|\bnano\b|\bcode(?:-insiders)?\b|\bcursor\b|\bsublime_text\b|\bsubl\b|\bidea\b|\bpycharm\b|\bwebstorm\b|\bgoland\b|\bclion\b|\bzed\b|\bhelix\b|\bhx\b|\bkate\b|\bgedit\b|\bmicro\b)/,
  ],
  [
    'terminal',
    /(\btmux\b|\bscreen\b|gnome-terminal-server|\bkonsole\b|\balacritty\b|\bkitty\b|\bwezterm\w*\b|\bxterm\b|\bfoot\b|\bterminator\b|\btilix\b)/,
  ],
  ['container', /(\bdockerd\b|\bcontainerd\b|\bpodman\b|\bbuildkitd\b|\bkubelet\b|\bk3s\b)/],
  ['shell', /^(bash|zsh|fish|sh|dash|ksh|tcsh|nu|pwsh)\b/],
  [
    'system_daemon',
    /^(systemd[\w-]*|sshd|dbus-daemon|dbus-broker|cron|crond|rsyslogd|networkmanager|polkitd|udevd|snapd|cupsd|avahi-daemon|pipewire[\w-]*|pulseaudio|wireplumber|xorg|xwayland|gnome-shell|kwin_\w+|agetty|login|init|chronyd|ntpd|thermald|upowerd|accounts-daemon|irqbalance)\b/,
  ],
  ['runtime', /^(node|python[\d.]*|java|ruby|deno|bun|perl|php[\d.]*|dotnet|beam\.smp|erl)\b/],
];

// Kinds recognised by the program itself (argv0 or comm), never by a word in a path or argument:
// `node /home/me/code/app.js` is not an editor, `backup /var/lib/postgres` is not a database.
// They are the kinds listed from `database` on (ide_helper has its own test).
const ANCHORED = new Set<Kind>(KINDS.slice(KINDS.indexOf('database')).filter((k) => k !== 'ide_helper'));

/** Electron editors and their remote servers: helper processes (`--type=…`, extension hosts). */
const IDE_HELPER =
  /(\.vscode-server\/|\.cursor-server\/|\bvscode-server\b|\bcode-server\b|\bcursor-server\b|extensionhost|bootstrap-fork|\bfsnotifier\b|jetbrains[\w-]*\/|\bjcef_helper\b)/;
const ELECTRON_EDITORS = /^(code|code-insiders|codium|cursor|windsurf|zed)$/;

/** Recognise a known kind of program from its comm and command line. */
export function classify(
  p: Pick<ProcessSnapshot, 'name' | 'cmdline'> & { kernelThread?: boolean },
): Classification | null {
  if (p.kernelThread) return { kind: 'kernel_thread', tool: p.name };
  const line = p.cmdline.toLowerCase();
  const tokens = line.split(' ').filter(Boolean);
  const base = (w: string) => w.split('/').pop() ?? w;
  const argv0 = base(tokens[0] ?? '');
  const name = p.name.toLowerCase();
  // The program and its first arguments (interpreter, script, module, subcommand).
  const head = tokens.slice(0, 6);
  const hay = [name, ...head, ...head.map(base)].join(' ');
  for (const [kind, re] of MATCHERS) {
    if (kind === 'browser') {
      // Before the browsers: an editor's own helpers (Electron `--type=…`, extension hosts).
      const helper = ideHelper(line, argv0);
      if (helper) return { kind: 'ide_helper', tool: helper };
    }
    const m = ANCHORED.has(kind) ? (re.exec(argv0) ?? re.exec(name)) : re.exec(hay);
    if (m) return { kind, tool: (m[1] ?? m[0]).trim() };
  }
  return null;
}

function ideHelper(line: string, argv0: string): string | null {
  if (ELECTRON_EDITORS.test(argv0) && /\s--type=[\w-]+/.test(line)) return argv0;
  const m = IDE_HELPER.exec(line);
  if (!m) return null;
  if (/cursor/.test(m[0])) return 'cursor-server';
  if (/jetbrains|fsnotifier|jcef/.test(m[0])) return 'JetBrains IDE';
  return 'vscode-server';
}

/** The script or module an interpreter runs (`leak.py`, `-m http.server`), or null. */
export function scriptOf(cmdline: string): string | null {
  const words = cmdline.split(' ').filter(Boolean);
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-m' && words[i + 1]) return `-m ${words[i + 1]}`;
    if (w === '-c' || w === '-e') return null;
    if (w.startsWith('-')) continue;
    return w;
  }
  return null;
}
