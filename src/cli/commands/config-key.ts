// `vigil config set-key` (SPEC §3, §4): the API key into the system keyring, read from stdin or
// typed at a prompt that does not echo. It is handed to secret-tool on its stdin: never an
// argument, never a file of Vigil's, never printed.
import type { Language } from '../../config/types.ts';
import { UsageError, VigilError } from '../../core/errors.ts';
import { keyringStore } from '../../core/keyring.ts';
import { t } from '../../i18n/index.ts';
import type { CliContext } from '../types.ts';

/** Read one line from a terminal without echoing it (the key must not land in scrollback). */
function promptHidden(ctx: CliContext, question: string): Promise<string> {
  const stdin = process.stdin;
  ctx.stdout.write(question);
  return new Promise((resolve, reject) => {
    let text = '';
    const done = (fn: () => void) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      ctx.stdout.write('\n');
      fn();
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(() => resolve(text));
        if (ch === '\u0003' || ch === '\u0004')
          return done(() => reject(new VigilError(t(langOf(ctx), 'config.key.aborted'), 1)));
        if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1);
        else if (ch >= ' ') text += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

function langOf(ctx: CliContext): Language {
  return ctx.config.general.language;
}

/** All of stdin (a pipe or a file): `printf %s "$KEY" | vigil config set-key`. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function setKey(ctx: CliContext): Promise<number> {
  const lang = langOf(ctx);
  const ai = ctx.config.ai;
  const raw = process.stdin.isTTY ? await promptHidden(ctx, t(lang, 'config.key.prompt')) : await readStdin();
  const key = raw.trim();
  if (key === '' || /\s/.test(key)) throw new UsageError(t(lang, 'config.key.empty'));
  const r = keyringStore(ai.provider, key, { env: ctx.env });
  if (!r.ok) throw new VigilError(t(lang, 'config.key.failed', { error: r.error }), 1);
  ctx.stdout.write(t(lang, 'config.key.stored', { account: ai.provider, env: ai.api_key_env }) + '\n');
  return 0;
}
