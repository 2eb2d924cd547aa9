// The command table and what is generated from it: help (en, fr), the man page (docs/vigil.1,
// current), the positional arguments read from usage lines; and no spec section numbers in any
// text a user reads.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { argvLanguage, firstUnknownFlag, GLOBAL_FLAGS, rawValue } from '../../src/cli/args.ts';
import { completionScript, SHELLS } from '../../src/cli/completion.ts';
import { commandHelp, flagForms, mainHelp } from '../../src/cli/help.ts';
import { renderMan } from '../../src/cli/man.ts';
import { HIDDEN, loadCommands } from '../../src/cli/registry.ts';
import { usageArguments } from '../../src/cli/usage.ts';
import { renderInit } from '../../src/config/render.ts';
import { SCHEMA } from '../../src/config/schema.ts';
import { SCHEMA_DOCS_FR } from '../../src/config/schema-docs.ts';
import { vigilVersion } from '../../src/core/version.ts';
import { CATALOGUES, t } from '../../src/i18n/index.ts';
import { REPO } from '../helpers/cli.ts';

const commands = await loadCommands();

test('positional arguments come from the usage line', () => {
  assert.deepEqual(usageArguments('vigil status [--json] [--top N] [--check]', 'status'), []);
  assert.deepEqual(usageArguments('vigil kill <pid> [--force] [--signal SIG]', 'kill'), [
    { name: 'pid', optional: false },
  ]);
  assert.deepEqual(usageArguments('vigil config [edit|path|show] [--force]', 'config'), [
    { name: 'action', choices: ['edit', 'path', 'show'], optional: true },
  ]);
  assert.deepEqual(usageArguments('vigil service install|uninstall [--system]', 'service'), [
    { name: 'action', choices: ['install', 'uninstall'], optional: false },
  ]);
  assert.deepEqual(usageArguments('vigil help [command]', 'help'), [{ name: 'command', optional: true }]);
  assert.deepEqual(usageArguments('vigil --headless [--interval S] [--ticks N]', 'headless'), []);
  assert.deepEqual(usageArguments('vigil watch [--keymap default|vim]', 'watch'), []);
});

test('every command and flag has its help text in English (the table’s own) and French', () => {
  const check = (key: string, english: string) => {
    assert.equal(t('en', key), english, `${key}: the catalogue says what the command table says`);
    assert.notEqual(t('fr', key), key, `${key} has a French text`);
    assert.ok(CATALOGUES.help!.fr[key], `${key} in French`);
  };
  for (const c of commands) {
    check(`help.summary.${c.name}`, c.summary);
    for (const [k, f] of Object.entries(c.flags)) check(`help.flag.${c.name}.${k}`, f.description);
  }
  for (const [k, f] of Object.entries(GLOBAL_FLAGS)) check(`help.flag.global.${k}`, f.description);
});

test('help lists every visible command and shows flags as they are typed', () => {
  for (const lang of ['en', 'fr'] as const) {
    const text = mainHelp(commands, GLOBAL_FLAGS, HIDDEN, '9.9.9', lang);
    for (const c of commands) {
      if (!HIDDEN.has(c.name)) assert.match(text, new RegExp(`^    ${c.name} `, 'm'), `${lang}: ${c.name}`);
    }
    assert.match(text, /--headless \[--interval S\]/);
  }
  const watch = commands.find((c) => c.name === 'watch')!;
  const forms = flagForms(watch.flags, 'watch', watch.usage);
  assert.deepEqual(
    forms.map((f) => [f.long, f.value]),
    [
      ['--no-mouse', null],
      ['--keymap', 'default|vim'],
      ['--reset-view', null],
    ],
  );
  const kill = commands.find((c) => c.name === 'kill')!;
  assert.match(commandHelp(kill, GLOBAL_FLAGS, 'en'), /^ {4}--signal SIG {12}signal name/m);
  assert.match(commandHelp(kill, GLOBAL_FLAGS, 'en'), /^ {4}-y, --yes /m);
  assert.match(commandHelp(kill, GLOBAL_FLAGS, 'fr'), /^Utilisation : vigil kill <pid>/);
  assert.match(commandHelp(kill, GLOBAL_FLAGS, 'fr'), /^ {4}--no-color {14}sans couleurs ANSI/m);
});

test('docs/vigil.1 is current: generated from the same table (npm run man)', () => {
  const page = renderMan(commands, HIDDEN, GLOBAL_FLAGS, vigilVersion());
  assert.equal(readFileSync(join(REPO, 'docs/vigil.1'), 'utf8'), page, 'run: npm run man');
  for (const c of commands) assert.ok(page.includes(`.B ${c.usage.replace(/-/g, '\\-')}`), c.name);
});

test('no spec section numbers (§) in any text a user reads', () => {
  const texts: [string, string][] = [];
  for (const [area, cat] of Object.entries(CATALOGUES))
    for (const lang of ['en', 'fr'] as const)
      for (const [k, v] of Object.entries(cat[lang])) texts.push([`i18n ${area} ${lang} ${k}`, v]);
  for (const [table, def] of Object.entries(SCHEMA)) {
    texts.push([`schema ${table}`, def.doc]);
    for (const [key, f] of Object.entries(def.fields))
      texts.push([`schema ${table}.${key}`, f.doc + (f.defaultDoc ?? '')]);
  }
  for (const [k, v] of Object.entries(SCHEMA_DOCS_FR)) texts.push([`schema fr ${k}`, v]);
  for (const lang of ['en', 'fr'] as const) {
    texts.push([`config init ${lang}`, renderInit({}, lang)]);
    texts.push([`--help ${lang}`, mainHelp(commands, GLOBAL_FLAGS, HIDDEN, '1', lang)]);
    for (const c of commands) texts.push([`${c.name} --help ${lang}`, commandHelp(c, GLOBAL_FLAGS, lang)]);
  }
  texts.push(['man page', readFileSync(join(REPO, 'docs/vigil.1'), 'utf8')]);
  texts.push(['docs/configuration.md', readFileSync(join(REPO, 'docs/configuration.md'), 'utf8')]);
  for (const shell of SHELLS) texts.push([shell, completionScript(shell, commands, HIDDEN, GLOBAL_FLAGS)]);
  const cited = texts.filter(([, v]) => v.includes('§')).map(([where]) => where);
  assert.deepEqual(cited, []);
  assert.ok(texts.length > 300, `${texts.length} texts read`);
});

test('argv helpers: the raw value of a number flag, an unknown flag before any command, the language', () => {
  assert.equal(rawValue(['status', '--top', 'abc'], '--top'), 'abc');
  assert.equal(rawValue(['status', '--top=1e'], '--top'), '1e');
  assert.equal(rawValue(['status'], '--top'), undefined);
  assert.equal(firstUnknownFlag(['--hedless'], GLOBAL_FLAGS), '--hedless');
  assert.equal(firstUnknownFlag(['--config', '--weird-file-name', '--no-color'], GLOBAL_FLAGS), null);
  assert.equal(firstUnknownFlag(['--interval=5', '--colour'], GLOBAL_FLAGS), '--colour');
  assert.equal(firstUnknownFlag(['-x'], GLOBAL_FLAGS), '-x');
  assert.equal(argvLanguage(['--lang', 'fr'], {}), 'fr');
  assert.equal(argvLanguage(['--lang=en'], { LANG: 'fr_FR' }), 'en');
  assert.equal(argvLanguage([], { LANG: 'fr_FR.UTF-8' }), 'fr');
});
