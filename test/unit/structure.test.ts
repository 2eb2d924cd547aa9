// The layout's rules, checked from the code's own imports (docs/architecture.md): no import
// cycles (type-only and lazy imports included), the engine imports no service or face, and the
// architecture page names only paths that exist. File and function sizes are biome's
// (biome.json: style/noExcessiveLinesPerFile, complexity/noExcessiveLinesPerFunction).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { test } from 'node:test';

const ROOT = join(import.meta.dirname, '..', '..');
const PRODUCT = ['src', 'screens', 'keymaps'];

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const rel = join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(rel));
    else if (e.name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

/** Every relative module a file names: static imports and re-exports (type-only too), import(). */
export function importsOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specs: string[] = [];
  const re = new RegExp(
    [
      // import x, { a, type B } from '…' · import type { C } from '…' · export { d } from '…' · export * from '…'
      String.raw`^\s*(?:import|export)\s+(?:type\s+)?(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?)?\s*from\s*['"]([^'"]+)['"]`,
      // import('…')
      String.raw`\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)`,
      // import '…' (side effects only)
      String.raw`^\s*import\s*['"]([^'"]+)['"]`,
    ].join('|'),
    'gm',
  );
  for (const m of code.matchAll(re)) specs.push((m[1] ?? m[2] ?? m[3])!);
  return specs.filter((s) => s.startsWith('.'));
}

function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const file of PRODUCT.flatMap(tsFiles)) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const deps = importsOf(text)
      .map((s) => normalize(join(dirname(file), s)))
      .filter((p) => p.endsWith('.ts'));
    g.set(file, deps);
  }
  return g;
}

/** Strongly connected components with more than one file, or a file that imports itself. */
function cycles(g: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (g.get(v) ?? []).includes(v)) out.push(comp.sort());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) visit(v);
  return out;
}

test('the import reader sees static, type-only, re-exported and lazy imports', () => {
  const text = [
    "import { a } from './a.ts';",
    "import type { B } from '../b.ts';",
    "import {\n  c,\n  type D,\n} from './c.ts';",
    "export { e } from './e.ts';",
    "export type { F } from './f.ts';",
    "const g = await import('./g.ts');",
    "import './side.ts';",
    "// import { no } from './comment.ts';",
    "import { x } from 'node:fs';",
  ].join('\n');
  assert.deepEqual(importsOf(text), [
    './a.ts',
    '../b.ts',
    './c.ts',
    './e.ts',
    './f.ts',
    './g.ts',
    './side.ts',
  ]);
});

test('the cycle finder finds a loop of files and nothing in a tree', () => {
  const loop = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
    ['d', ['a']],
  ]);
  assert.deepEqual(cycles(loop), [['a', 'b', 'c']]);
  assert.deepEqual(
    cycles(
      new Map([
        ['a', ['b']],
        ['b', []],
      ]),
    ),
    [],
  );
});

test('no import cycles in the product (type-only and lazy imports included)', () => {
  const g = graph();
  assert.ok(g.size > 100, `read ${g.size} product files`);
  assert.deepEqual(cycles(g), []);
});

test('src/engine/ imports no service, no face and no composition root', () => {
  const forbidden = ['store', 'metrics', 'actions', 'ai', 'health', 'cli', 'host', 'report'].map(
    (d) => `src/${d}/`,
  );
  const bad: string[] = [];
  for (const [file, deps] of graph()) {
    if (!file.startsWith('src/engine/')) continue;
    for (const d of deps) if (forbidden.some((f) => d.startsWith(f))) bad.push(`${file} -> ${d}`);
    for (const d of deps)
      if (d.startsWith('screens/') || d.startsWith('keymaps/')) bad.push(`${file} -> ${d}`);
  }
  assert.deepEqual(bad, []);
});

test('every path docs/architecture.md names exists', () => {
  const text = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
  const paths = new Set<string>();
  for (const m of text.matchAll(
    /(?<![\w./-])((?:src|screens|keymaps|test|docs|bench|contrib)\/[\w./*<>-]*[\w*>/])/g,
  ))
    paths.add(m[1]!);
  assert.ok(paths.size > 20, `found ${paths.size} paths`);
  const missing: string[] = [];
  for (const p of paths) {
    // `src/rules/*.ts`, `src/i18n/<area>.ts`: the folder must exist and hold such files.
    if (/[*<]/.test(p)) {
      const dir = p.slice(0, p.search(/[^/]*[*<]/));
      const ext = p.match(/\.(\w+)$/)?.[1];
      const ok =
        existsSync(join(ROOT, dir)) &&
        (!ext || readdirSync(join(ROOT, dir)).some((f) => f.endsWith(`.${ext}`)));
      if (!ok) missing.push(p);
    } else if (!existsSync(join(ROOT, p))) missing.push(p);
  }
  assert.deepEqual(missing, []);
});

test('every function docs/architecture.md calls by name is defined in the product', () => {
  const text = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
  const names = new Set<string>();
  for (const m of text.matchAll(/`(?:[\w.]+\.)?([a-zA-Z_]\w*)\(/g)) names.add(m[1]!);
  assert.ok(names.size >= 5, `found ${names.size} names`);
  const sources = PRODUCT.flatMap(tsFiles).map((f) => readFileSync(join(ROOT, f), 'utf8'));
  // A function, a const bound to a function, a method or an interface member of that name.
  const defined = (n: string): boolean => {
    const re = new RegExp(
      `function\\s+${n}\\b|\\b(?:const|let)\\s+${n}\\s*=|\\b${n}\\s*:\\s*(?:async\\s*)?\\(|^\\s*(?:async\\s+)?(?:readonly\\s+)?${n}\\??\\s*\\(`,
      'm',
    );
    return sources.some((s) => re.test(s));
  };
  assert.deepEqual(
    [...names].filter((n) => !defined(n)),
    [],
  );
});

test('one glob matcher: only src/core/glob.ts defines glob functions', () => {
  const definers = PRODUCT.flatMap(tsFiles).filter((f) =>
    /function\s+\w*glob\w*\s*[(<]|\bconst\s+\w*glob\w*\s*=\s*(?:\(|function)/i.test(
      readFileSync(join(ROOT, f), 'utf8'),
    ),
  );
  assert.deepEqual(definers, ['src/core/glob.ts']);
});

/** The layers of docs/architecture.md §0, bottom up (its numbered lines, read from the page). */
function layers(): string[][] {
  const text = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
  const out: string[][] = [];
  for (const m of text.matchAll(/^ {2}(\d+) {2}((?:(?:src\/\w+|screens|keymaps)\/ +)+)/gm))
    out[Number(m[1])] = m[2]!
      .trim()
      .split(/ +/)
      .map((f) => f.replace(/\/$/, ''));
  return out;
}

function folderOf(file: string): string {
  const [top, sub] = file.split('/');
  return top === 'src' ? `src/${sub}` : top!;
}

test('every import runs down the layers of docs/architecture.md', () => {
  const found = layers();
  assert.equal(found.length, 10, 'the page numbers its layers 0 to 9');
  const layer = new Map(found.flatMap((names, i) => names.map((n) => [n, i] as const)));
  const up: string[] = [];
  for (const [file, deps] of graph()) {
    const from = folderOf(file);
    assert.ok(layer.has(from), `${from} is placed in a layer`);
    for (const d of deps) {
      const to = folderOf(d);
      if (to !== from && !(layer.get(to)! < layer.get(from)!)) up.push(`${file} -> ${d}`);
    }
  }
  assert.deepEqual(up, []);
});
