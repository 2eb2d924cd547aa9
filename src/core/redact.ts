// Redaction (SPEC §8): nothing is persisted or leaves the machine before secrets are masked. The
// one redaction of Vigil: every foreign string that goes into an AI prompt (cmdlines,
// environment-like arguments, URLs, journal lines), and everything written or sent — the JSON
// log, Vigil's own log lines (stderr, the TUI's log), history rows, reports, webhooks,
// Alertmanager, desktop notifications (redactDeep). Only the live local views show command
// lines as /proc does. Pure functions; the patterns err on the side of masking a value whose
// *name* says it is secret, and never mask an ordinary argument just because it looks random
// (hashes, paths, ports).

export const MASK = '[REDACTED]';

export interface RedactOptions {
  /** Also mask user names, host names, home directories, e-mail and IP addresses. */
  anonymize?: boolean;
  /** User names to mask when anonymizing (e.g. the owners of the processes shown). */
  users?: readonly string[];
  /** Host names to mask when anonymizing (e.g. os.hostname()). */
  hosts?: readonly string[];
}

// ---------------------------------------------------------------- names that say "secret"

// Whole words (after splitting on - _ . and camelCase) that make a name secret.
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'passphrase',
  'pass',
  'pwd',
  'pw',
  'secret',
  'secrets',
  'token',
  'apikey',
  'credential',
  'credentials',
  'creds',
  'auth',
  'cookie',
  'sig',
  'signature',
  'privatekey',
  'otp',
]);
// Substrings that make a name secret even without separators (PGPASSWORD, GITHUBTOKEN).
const SECRET_SUBSTRINGS = /pass(?:word|wd|phrase)|secret|token|apikey|credential/;
// `key` is secret only with a qualifier: API_KEY, SECRET_ACCESS_KEY, --private-key, licenseKey.
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'secret',
  'private',
  'auth',
  'client',
  'signing',
  'encryption',
  'master',
  'license',
  'session',
  'account',
  'service',
  'app',
  'consumer',
  'webhook',
]);
// A name whose last word is one of these names a *place* or a *kind*, not the secret itself:
// --password-file=/run/pw, TOKEN_URL, --max-tokens (plural), --password-stdin.
const NOT_SECRET_SUFFIXES = new Set([
  'file',
  'files',
  'path',
  'dir',
  'fd',
  'env',
  'name',
  'stdin',
  'prompt',
  'cmd',
  'command',
  'type',
  'url',
  'uri',
  'endpoint',
  'length',
  'len',
  'min',
  'max',
  'limit',
  'count',
  'policy',
  'mode',
  'method',
  'helper',
  'store',
  'tokens',
  'id',
  'header',
  'required',
  'enabled',
  'disabled',
  'expiry',
  'ttl',
  'timeout',
  'jar',
  'authentication',
  'algorithm',
  'algo',
  'version',
  'format',
  'scheme',
  'level',
  'provider',
  'backend',
  'server',
  'host',
  'port',
  'user',
  'username',
  'realm',
  'prompts',
]);
const NOT_SECRET_PREFIXES = new Set(['no', 'ask', 'prompt', 'max', 'min', 'num', 'use', 'with', 'without']);
// Environment names that contain a secret word but are not secrets.
const NOT_SECRET_NAMES = new Set(['pwd', 'oldpwd', 'xauthority', 'ssh_auth_sock', 'gpg_agent_info']);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[-_.]+/)
    .filter(Boolean);
}

/** True when a flag or variable name says its value is a secret (`--db-password`, `API_KEY`). */
export function isSecretName(name: string): boolean {
  const bare = name.replace(/^-+/, '');
  if (!bare || NOT_SECRET_NAMES.has(bare.toLowerCase())) return false;
  const w = words(bare);
  if (w.length === 0) return false;
  const last = w[w.length - 1]!;
  if (NOT_SECRET_SUFFIXES.has(last) && w.length > 1) return false;
  if (NOT_SECRET_PREFIXES.has(w[0]!) && w.length > 1) return false;
  if (w.includes('tokenizer') || w.includes('tokens')) return false;
  for (let i = 0; i < w.length; i++) {
    const word = w[i]!;
    if (SECRET_WORDS.has(word)) return true;
    if (word === 'key' && i > 0 && KEY_QUALIFIERS.has(w[i - 1]!)) return true;
    if (word.endsWith('key') && KEY_QUALIFIERS.has(word.slice(0, -3))) return true;
  }
  return SECRET_SUBSTRINGS.test(w.join(''));
}

// ---------------------------------------------------------------- value-shaped secrets

interface Pattern {
  re: RegExp;
  /** Replacement (a function or a string with $n groups). */
  to: string | ((...m: string[]) => string);
}

// Known provider formats. Each is anchored on a fixed prefix, so ordinary words never match.
const PROVIDER_KEYS: RegExp[] = [
  /sk-ant-[A-Za-z0-9_-]{10,}/g, // Anthropic
  /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g, // OpenAI
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g, // GitHub fine-grained
  /\bglpat-[A-Za-z0-9_-]{20,}/g, // GitLab
  /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b/g, // AWS access key ids
  /\bAIza[0-9A-Za-z_-]{35}/g, // Google API keys
  /\bya29\.[0-9A-Za-z_-]{20,}/g, // Google OAuth access tokens
  /\bxox[abposr]-[0-9A-Za-z-]{10,}/g, // Slack tokens
  /\bxapp-\d-[0-9A-Za-z-]{10,}/g, // Slack app tokens
  /\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{16,}/g, // Stripe
  /\bwhsec_[0-9A-Za-z]{20,}/g, // Stripe webhook secrets
  /\bnpm_[A-Za-z0-9]{36}\b/g, // npm
  /\bhf_[A-Za-z0-9]{30,}/g, // Hugging Face
  /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g, // SendGrid
  /\bdop_v1_[a-f0-9]{64}\b/g, // DigitalOcean
  /\bdp\.(?:pt|st|sa|ct)\.[A-Za-z0-9]{30,}/g, // Doppler
  /\bpypi-AgE[A-Za-z0-9_-]{50,}/g, // PyPI
  /\bglc_[A-Za-z0-9+/=]{30,}/g, // Grafana cloud
  /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g, // Shopify
  /\b\d{8,10}:AA[0-9A-Za-z_-]{33}\b/g, // Telegram bot tokens
  /\bAccountKey=[A-Za-z0-9+/=]{40,}/g, // Azure storage connection strings
];

// The same providers' prefixes, for a token cut short by an ellipsis (`ghp_AbC…`: a message that
// shortened a command line before it was redacted). A cut token no longer has its full shape, but
// its prefix says what it was: the part that is left is masked too.
const TRUNCATED_PREFIXES = [
  'sk-ant-',
  'sk-',
  'gh[pousr]_',
  'github_pat_',
  'glpat-',
  'AKIA',
  'ASIA',
  'AIza',
  'ya29\\.',
  'xox[abposr]-',
  'xapp-',
  '(?:sk|rk|pk)_(?:live|test)_',
  'whsec_',
  'npm_',
  'hf_',
  'SG\\.',
  'dop_v1_',
  'pypi-',
  'glc_',
  'shp(?:at|ca|pa|ss)_',
  'eyJ',
];
const TRUNCATED_TOKEN = new RegExp(`\\b(?:${TRUNCATED_PREFIXES.join('|')})[A-Za-z0-9_.+/=-]*…`, 'g');

const PATTERNS: Pattern[] = [
  // PEM / OpenSSH / PGP private keys, whole block (or to the end when the END line is cut off).
  {
    re: /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g,
    to: `${MASK}`,
  },
  // Credentials in URLs: scheme://user:password@host → scheme://user:[REDACTED]@host.
  { re: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/:@'"]*):([^\s/@'"]+)@/gi, to: `$1$2:${MASK}@` },
  // A bare token as the user part: https://ghp_xxx@github.com, https://oauth2:…@ handled above.
  { re: /\b([a-z][a-z0-9+.-]*:\/\/)([A-Za-z0-9_-]{20,})@/gi, to: `$1${MASK}@` },
  // Authorization headers (Bearer, Basic, Token, Digest …) and API-key headers.
  {
    re: /\b((?:proxy-)?authorization\s*[:=]\s*)(?:(bearer|basic|token|digest|negotiate|ntlm|apikey|sso-key|key)\s+)?([^\s'"]+)/gi,
    to: (_m, head: string, scheme: string | undefined) => `${head}${scheme ? scheme + ' ' : ''}${MASK}`,
  },
  {
    re: /\b((?:x-)?(?:api-?key|auth-token|access-token|goog-api-key|vault-token|private-token|amz-security-token|csrf-token|xsrf-token)\s*:\s*)([^\s'"]+)/gi,
    to: `$1${MASK}`,
  },
  { re: /\b((?:set-)?cookie\s*:\s*)([^'"]+?)(?=['"]|$)/gi, to: `$1${MASK}` },
  // A bearer token outside a header (`Bearer eyJ…`, "using bearer abc123…").
  { re: /\b(bearer\s+)([A-Za-z0-9._~+/=-]{8,}|[A-Za-z0-9._~+/=-]+(?=…))/gi, to: `$1${MASK}` },
  // Credentials in a URL cut short before its `@` (`postgres://app:s3cr…`).
  { re: /\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]*:)[^\s/@'"]+…/gi, to: `$1${MASK}…` },
  // JSON Web Tokens.
  { re: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, to: MASK },
  // Secret-looking query parameters: ?token=…&api_key=…&X-Amz-Signature=…
  {
    re: /([?&;])([A-Za-z0-9_.-]+)=([^&\s#'"]+)/g,
    to: (m: string, sep: string, name: string) => (isSecretName(name) ? `${sep}${name}=${MASK}` : m),
  },
];

// ---------------------------------------------------------------- argument forms

// `--name=value`, `-name=value`, `NAME=value`, `name: value`, `"name": "value"`.
const ASSIGNMENT = /(^|[\s'"{,;(])(-{0,2}[A-Za-z_][A-Za-z0-9_.-]*)(["']?\s*[=:]\s*["']?)([^\s'"]+)/g;
// Commands whose short options carry secrets (`mysql -pSECRET`, `sshpass -p SECRET`).
const COMMAND_SECRET_FLAGS: { command: RegExp; attached?: RegExp; separate?: string[] }[] = [
  {
    command: /^(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mariadb[\w-]*)$/,
    attached: /^-p(.+)$/,
  },
  { command: /^sshpass$/, separate: ['-p'] },
  { command: /^redis-cli$/, separate: ['-a', '--pass', '--askpass'] },
  { command: /^(?:curl|wget)$/, separate: ['-u', '--user', '--proxy-user', '--password', '--http-password'] },
];

function basename(word: string): string {
  const i = word.lastIndexOf('/');
  return i < 0 ? word : word.slice(i + 1);
}

/** Mask the value of `--password secret` style pairs and command-specific short options. */
function redactArgs(tokens: string[]): string[] {
  const out = tokens.slice();
  let command: (typeof COMMAND_SECRET_FLAGS)[number] | undefined;
  for (let i = 0; i < out.length; i++) {
    const tok = out[i]!;
    // Every word that looks like a program (argv0, or after `sudo`/`env`/`exec`) selects its table.
    const base = basename(tok);
    const table = COMMAND_SECRET_FLAGS.find((c) => c.command.test(base));
    if (table) {
      command = table;
      continue;
    }
    if (command?.attached) {
      const m = command.attached.exec(tok);
      if (m && m[1] !== MASK) {
        out[i] = tok.slice(0, tok.length - m[1]!.length) + MASK;
        continue;
      }
    }
    const next = out[i + 1];
    if (next === undefined || next.startsWith('-') || next === MASK) continue;
    const separate = command?.separate?.includes(tok) ?? false;
    if (separate && command?.command.test('curl')) {
      // curl -u user:password → keep the user name.
      const colon = next.indexOf(':');
      if (colon >= 0) {
        out[i + 1] = next.slice(0, colon + 1) + MASK;
        i++;
        continue;
      }
    }
    if (separate || (/^--?[A-Za-z][A-Za-z0-9_.-]*$/.test(tok) && !tok.includes('=') && isSecretName(tok))) {
      out[i + 1] = MASK;
      i++;
    }
  }
  return out;
}

// ---------------------------------------------------------------- anonymization

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function anonymizeText(text: string, opts: RedactOptions): string {
  let out = text;
  out = out.replace(/\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g, '[email]');
  out = out.replace(/(\/(?:home|Users)\/)([^/\s'"]+)/g, '$1[user]');
  out = out.replace(/\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\b/g, (m, a: string) =>
    a === '127' || m === '0.0.0.0' ? m : '[ip]',
  );
  const hosts = [...new Set((opts.hosts ?? []).filter((h) => h.length >= 2))].sort(
    (a, b) => b.length - a.length,
  );
  for (const h of hosts) {
    out = out.replace(new RegExp(`(?<![A-Za-z0-9_-])${escapeRe(h)}(?![A-Za-z0-9_-])`, 'gi'), '[host]');
    const short = h.split('.')[0]!;
    if (short !== h && short.length >= 2) {
      out = out.replace(new RegExp(`(?<![A-Za-z0-9_-])${escapeRe(short)}(?![A-Za-z0-9_-])`, 'gi'), '[host]');
    }
  }
  const users = [...new Set((opts.users ?? []).filter((u) => u.length >= 2 && u !== 'root'))].sort(
    (a, b) => b.length - a.length,
  );
  for (const u of users) {
    out = out.replace(new RegExp(`(?<![A-Za-z0-9_.-])${escapeRe(u)}(?![A-Za-z0-9_-])`, 'g'), '[user]');
  }
  return out;
}

// ---------------------------------------------------------------- entry points

/**
 * Mask secrets in a command line (arguments joined by spaces, as the collector gives them) or in
 * free text (a journal line, a URL, a message): value-shaped secrets, `NAME=value` and
 * `--flag value` forms, command-specific options; with `anonymize`, identities too.
 */
export function redact(text: string, opts: RedactOptions = {}): string {
  if (!text) return text;
  let out = text;
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    out = out.replace(p.re, p.to as never);
  }
  for (const re of PROVIDER_KEYS) {
    re.lastIndex = 0;
    out = out.replace(re, MASK);
  }
  TRUNCATED_TOKEN.lastIndex = 0;
  out = out.replace(TRUNCATED_TOKEN, `${MASK}…`);
  out = out.replace(ASSIGNMENT, (m, lead: string, name: string, eq: string, value: string) =>
    value !== MASK && !value.startsWith('[') && isSecretName(name) ? `${lead}${name}${eq}${MASK}` : m,
  );
  out = redactArgs(out.split(' ')).join(' ');
  return opts.anonymize ? anonymizeText(out, opts) : out;
}

/** The same as redact(); the name says what the caller hands in. */
export const redactCmdline = redact;

/** Nesting depth past which redactDeep stops descending (records are shallow; cycles end here). */
const MAX_DEPTH = 12;

/**
 * A JSON-like value with every string in it redacted, and a string under a key whose name says
 * secret (`password`, `token`…) masked whole; keys, numbers and booleans are kept. What every
 * channel that persists or sends a record applies last (SPEC §8). Values with `toJSON` (Date)
 * are redacted as JSON.stringify would write them.
 */
export function redactDeep<T>(value: T, opts: RedactOptions = {}): T {
  return walk(value, opts, 0) as T;
}

function walk(v: unknown, opts: RedactOptions, depth: number): unknown {
  if (typeof v === 'string') return redact(v, opts);
  if (v === null || typeof v !== 'object' || depth > MAX_DEPTH) return v;
  const json = (v as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return walk(json.call(v), opts, depth + 1);
  if (Array.isArray(v)) return v.map((x) => walk(x, opts, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    out[k] = typeof x === 'string' && x !== '' && isSecretName(k) ? MASK : walk(x, opts, depth + 1);
  }
  return out;
}
