// The local explanation: what Vigil can say without any AI — which known kind of program a process
// is (MCP server, language server, dev server, build tool, browser, database, shell, editor…) and
// what an alert means. It is the whole answer without a key, and the fallback when the AI fails.
import type { Language } from '../config/types.ts';
import type { Alert, ProcessSnapshot, Snapshot } from '../core/types.ts';
import { t } from '../i18n/index.ts';

export const KINDS = [
  'kernel_thread',
  'mcp_server',
  'ai_tool',
  'language_server',
  'test_runner',
  'dev_server',
  'build_tool',
  'package_manager',
  'database',
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
// Order matters: `python3 mcp_server.py` is an MCP server before it is a Python program.
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
    'dev_server',
    /(\bvite\b|webpack-dev-server|webpack serve|\bnext dev\b|\bnext-server\b|\bnuxt\b|react-scripts start|\bng serve\b|\bparcel\b|\bastro dev\b|\bremix dev\b|\buvicorn\b|\bgunicorn\b|\bflask run\b|manage\.py runserver|\brails server\b|\bpuma\b|\bnodemon\b|\bts-node-dev\b|\btsx watch\b|http\.server|\blive-server\b|\bstorybook\b|\bturbo dev\b|\bjekyll serve\b|\bhugo server\b|\bhttp-server\b|\bwebpack --watch\b|\bbun --hot\b|\bdeno task dev\b)/,
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
  [
    'container',
    /(\bdockerd\b|\bcontainerd(?:-shim[\w-]*)?\b|\bpodman\b|\bconmon\b|\brunc\b|\bcrun\b|\bbuildkitd\b|\bkubelet\b|\bk3s\b|\bdocker-proxy\b)/,
  ],
  ['shell', /^(bash|zsh|fish|sh|dash|ksh|tcsh|nu|pwsh)\b/],
  [
    'system_daemon',
    /^(systemd[\w-]*|sshd|dbus-daemon|dbus-broker|cron|crond|rsyslogd|networkmanager|polkitd|udevd|snapd|cupsd|avahi-daemon|pipewire[\w-]*|pulseaudio|wireplumber|xorg|xwayland|gnome-shell|kwin_\w+|agetty|login|init|chronyd|ntpd|thermald|upowerd|accounts-daemon|irqbalance)\b/,
  ],
  ['runtime', /^(node|python[\d.]*|java|ruby|deno|bun|perl|php[\d.]*|dotnet|beam\.smp|erl)\b/],
];

// Kinds recognised by the program itself (argv0 or comm), never by a word in a path or argument:
// `node /home/me/code/app.js` is not an editor, `backup /var/lib/postgres` is not a database.
const ANCHORED = new Set<Kind>([
  'database',
  'browser',
  'editor',
  'terminal',
  'container',
  'shell',
  'system_daemon',
  'runtime',
]);

/** Recognise a known kind of program from its comm and command line. */
export function classify(
  p: Pick<ProcessSnapshot, 'name' | 'cmdline'> & { kernelThread?: boolean },
): Classification | null {
  if (p.kernelThread) return { kind: 'kernel_thread', tool: p.name };
  const tokens = p.cmdline.toLowerCase().split(' ').filter(Boolean);
  const base = (w: string) => w.split('/').pop() ?? w;
  const argv0 = base(tokens[0] ?? '');
  const name = p.name.toLowerCase();
  // The program and its first arguments (interpreter, script, module, subcommand).
  const head = tokens.slice(0, 5);
  const hay = [name, ...head, ...head.map(base)].join(' ');
  for (const [kind, re] of MATCHERS) {
    const m = ANCHORED.has(kind) ? (re.exec(argv0) ?? re.exec(name)) : re.exec(hay);
    if (m) return { kind, tool: (m[1] ?? m[0]).trim() };
  }
  return null;
}

/** One or two sentences on a process: its kind and the usual advice for that kind. */
export function describeProcess(
  p: Pick<ProcessSnapshot, 'name' | 'cmdline'> & { kernelThread?: boolean },
  lang: Language,
): { classification: Classification | null; text: string; advice: string } {
  const c = classify(p);
  if (!c) return { classification: null, text: t(lang, 'ai.kind.unknown', { name: p.name }), advice: '' };
  return {
    classification: c,
    text: t(lang, `ai.kind.${c.kind}`, { tool: c.tool, name: p.name }),
    advice: t(lang, `ai.advice.${c.kind}`, { tool: c.tool, name: p.name }),
  };
}

/** The local explanation of an alert: what the rule means, who the suspects are, what to do. */
export function explainAlertLocally(alert: Alert, snapshot: Snapshot | undefined, lang: Language): string {
  const parts: string[] = [t(lang, `ai.rule.${alert.rule}`), alert.message];
  const byPid = new Map((snapshot?.processes ?? []).map((p) => [p.pid, p]));
  const seen = new Set<string>();
  for (const pid of alert.subject.pids.slice(0, 20)) {
    const p = byPid.get(pid);
    if (!p) continue;
    const d = describeProcess(p, lang);
    if (seen.has(d.text)) continue;
    seen.add(d.text);
    parts.push(d.advice ? `${d.text} ${d.advice}` : d.text);
  }
  if (alert.suggestedCommand) parts.push(t(lang, 'ai.local.suggested', { command: alert.suggestedCommand }));
  return parts.filter(Boolean).join(' ');
}
