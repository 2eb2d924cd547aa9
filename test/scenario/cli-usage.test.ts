// The command line as a user meets it: typos get a did-you-mean, bad numbers say what was typed,
// extra words are refused, `vigil help`, the completion scripts loaded in real bash, zsh and fish,
// and disks shown as used space like the TUI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Snapshot } from '../../src/core/types.ts';
import { runCli } from '../helpers/cli.ts';

const root = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));
const env = { XDG_CONFIG_HOME: join(root, 'cfg'), VIGIL_DATA_DIR: join(root, 'data'), LANG: 'C', LC_ALL: '' };

test('typos: did-you-mean for commands, options and actions; one line, exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['stauts'], /^vigil: unknown command 'stauts'; did you mean 'status'\? \(see 'vigil --help'\)$/],
    [['--hedless'], /^vigil: unknown option --hedless; did you mean --headless\?/],
    [['status', '--jsn'], /^vigil: unknown option --jsn for 'status'; did you mean --json\?/],
    [['service', 'instal'], /did you mean 'install'\?/],
    [['config', 'shwo'], /did you mean 'show'\?/],
    [['completion', 'bsh'], /did you mean 'bash'\?/],
    [['help', 'reprot'], /did you mean 'report'\?/],
    [['frobnicate'], /^vigil: unknown command 'frobnicate' \(expected one of: watch, status, /],
  ];
  for (const [args, re] of cases) {
    const r = runCli(args, env);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr.trim(), re, args.join(' '));
  }
  const fr = runCli(['stauts'], { ...env, LANG: 'fr_FR.UTF-8' });
  assert.match(fr.stderr, /commande inconnue 'stauts' ; vouliez-vous dire 'status' \?/);
});

test('numbers: the message quotes what was typed; extra words are refused', () => {
  const cases: [string[], RegExp][] = [
    [['status', '--top', 'abc'], /--top expects a number, got 'abc'/],
    [['status', '--top=12x'], /--top expects a number, got '12x'/],
    [['--headless', '--interval', 'fast'], /--interval expects a number, got 'fast'/],
    [['status', 'extra'], /unexpected argument 'extra' for 'vigil status'/],
    [['health', 'now'], /unexpected argument 'now' for 'vigil health'/],
    [['report', 'today'], /unexpected argument 'today' for 'vigil report'/],
    [['watch', 'x'], /unexpected argument 'x' for 'vigil watch'/],
    [['--headless', 'x'], /unexpected argument 'x' for --headless/],
    [['service'], /'vigil service' needs one of: install, uninstall/],
    [['completion', 'bash', 'zsh'], /unexpected argument 'zsh'/],
  ];
  for (const [args, re] of cases) {
    const r = runCli(args, env);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re, args.join(' '));
    assert.doesNotMatch(r.stderr, /NaN/);
  }
});

test('vigil help [command] is --help', () => {
  const main = runCli(['help'], env);
  assert.equal(main.code, 0, main.stderr);
  assert.equal(runCli(['--help'], env).stdout, main.stdout);
  assert.match(main.stdout, /^ {4}completion +print the shell completion script/m);
  for (const name of ['status', 'kill', 'completion']) {
    const h = runCli(['help', name], env);
    assert.equal(h.code, 0, h.stderr);
    assert.equal(runCli([name, '--help'], env).stdout, h.stdout, name);
    assert.match(h.stdout, new RegExp(`^Usage: vigil ${name}`));
  }
  assert.match(runCli(['help'], { ...env, LANG: 'fr_FR.UTF-8' }).stdout, /^ {2}Commandes :$/m);
});

/** Completions bash computes for a command line (the script loaded as a user would). */
function bashComplete(script: string, words: string[]): string[] {
  const r = spawnSync(
    'bash',
    [
      '--norc',
      '-c',
      `source "$1"; COMP_WORDS=("\${@:2}"); COMP_CWORD=$(($# - 2)); _vigil; printf '%s\\n' "\${COMPREPLY[@]}"`,
      'bash',
      script,
      ...words,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

test('bash completion loads in bash and completes commands, options, actions and values', () => {
  const r = runCli(['completion', 'bash'], env);
  assert.equal(r.code, 0, r.stderr);
  const file = join(root, 'vigil.bash');
  writeFileSync(file, r.stdout);
  const loaded = spawnSync('bash', ['--norc', '-c', `source "${file}" && complete -p vigil`], {
    encoding: 'utf8',
  });
  assert.equal(loaded.stdout.trim(), 'complete -F _vigil vigil', loaded.stderr);
  assert.deepEqual(bashComplete(file, ['vigil', 'st']), ['status']);
  assert.deepEqual(bashComplete(file, ['vigil', 'he']), ['health', 'help']);
  assert.deepEqual(bashComplete(file, ['vigil', 'config', '']), [
    'edit',
    'path',
    'show',
    'check',
    'init',
    'set-key',
  ]);
  assert.deepEqual(bashComplete(file, ['vigil', 'status', '--c']), ['--check', '--config']);
  assert.deepEqual(bashComplete(file, ['vigil', '--mode', '']), ['observe', 'suggest', 'auto']);
  assert.deepEqual(bashComplete(file, ['vigil', '--headless', '--ti']), ['--ticks']);
  assert.deepEqual(bashComplete(file, ['vigil', 'watch', '--keymap', 'v']), ['vim']);
  mkdirSync(join(root, 'dir-for-completion'));
  assert.deepEqual(bashComplete(file, ['vigil', '--data-dir', join(root, 'dir-for-c')]), [
    join(root, 'dir-for-completion'),
  ]);
  assert.ok(bashComplete(file, ['vigil', 'kill', '']).includes(String(process.pid)), 'kill completes pids');
});

// zsh completes only inside its line editor: a pseudo-terminal (zpty) runs an interactive zsh
// with compinit and the script on $fpath, types the words and a Tab, and prints what compadd got.
const ZSH_CAPTURE = `
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z 'PROMPT= ; RPROMPT='
zpty -w z "fpath=($1 \\$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'compadd () { builtin compadd -O __hits "$@"; print -l -- "<<\${^__hits[@]}>>"; builtin compadd "$@" }'
zpty -w z 'bindkey "^I" complete-word; print DONE-SETUP'
zpty -r z line '*DONE-SETUP*'
zpty -w -n z "$2"$'\\t'
# Keys are handled in order: once the line is cleared and this prints, completion is over.
zpty -w z $'\\C-u''print DONE-$((6*7))-COMPLETE'
zpty -r z out '*DONE-42-COMPLETE*'
print -r -- "$out" | grep -ao '<<[^>]*>>' | sort -u
zpty -d z
`;

test('zsh completion loads with compinit and completes in the line editor', () => {
  const r = runCli(['completion', 'zsh'], env);
  assert.equal(r.code, 0, r.stderr);
  const fpath = join(root, 'zfunc');
  mkdirSync(fpath);
  writeFileSync(join(fpath, '_vigil'), r.stdout);
  writeFileSync(join(root, 'capture.zsh'), ZSH_CAPTURE);
  const complete = (line: string) => {
    const z = spawnSync('zsh', ['-f', join(root, 'capture.zsh'), fpath, line], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(z.status, 0, z.stderr);
    return z.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(2, -2));
  };
  assert.deepEqual(complete('vigil st'), ['status']);
  assert.deepEqual(complete('vigil service '), ['install', 'uninstall']);
  const statusFlags = complete('vigil status --');
  for (const f of ['--json', '--top', '--check', '--config'])
    assert.ok(statusFlags.includes(f), statusFlags.join(' '));
});

test('fish completion loads in fish and completes', () => {
  const r = runCli(['completion', 'fish'], env);
  assert.equal(r.code, 0, r.stderr);
  const file = join(root, 'vigil.fish');
  writeFileSync(file, r.stdout);
  const complete = (line: string) => {
    const f = spawnSync('fish', ['--no-config', '-c', `source ${file}; complete -C'${line}'`], {
      encoding: 'utf8',
    });
    assert.equal(f.status, 0, f.stderr);
    return f.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t')[0]);
  };
  assert.deepEqual(complete('vigil st'), ['status']);
  assert.deepEqual(complete('vigil completion '), ['bash', 'fish', 'zsh']);
  assert.deepEqual(complete('vigil kill --si'), ['--signal']);
  assert.deepEqual(complete('vigil --lang '), ['en', 'fr']);
});

test('status shows disks as used space, fullest first, like the TUI', () => {
  const json = runCli(['status', '--json', '--top', '1'], env);
  const human = runCli(['status', '--top', '1'], env);
  assert.equal(human.code, 0, human.stderr);
  const disks = (JSON.parse(json.stdout) as Snapshot).disks;
  assert.ok(disks.length > 0);
  const rows = human.stdout.split('\n').filter((l) => l.startsWith('DISK '));
  assert.equal(rows.length, disks.length);
  for (const row of rows) {
    const m = /^DISK +([\d.]+)% +\S+\/\S+ {2}(.+)$/.exec(row);
    assert.ok(m, row);
    const disk = disks.find((d) => d.mount === m[2]);
    assert.ok(disk, row);
    assert.ok(Math.abs(Number(m[1]) - (100 - disk.freePercent)) < 1, `${row}: used, not free`);
  }
  const used = rows.map((r) => Number(/([\d.]+)%/.exec(r)![1]));
  assert.deepEqual(
    used,
    [...used].sort((a, b) => b - a),
    'fullest first',
  );
});
