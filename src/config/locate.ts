// Where each key sits in a TOML source, so validation errors can name a line and column
// (smol-toml gives positions only for syntax errors). A line scanner, enough for config files:
// table headers, dotted keys, multi-line strings and arrays are followed; keys inside inline
// tables fall back to their parent key.

export interface Position {
  line: number;
  /** Column of the key (1-based). */
  col: number;
  /** Column of the value, after `=` (1-based); absent for table headers. */
  valueCol?: number;
}

const KEY_PART = String.raw`(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')`;
const KEY_LINE = new RegExp(String.raw`^(\s*)(${KEY_PART}(?:\s*\.\s*${KEY_PART})*)\s*=\s*`);
const HEADER = new RegExp(String.raw`^(\s*)\[\[?\s*(${KEY_PART}(?:\s*\.\s*${KEY_PART})*)\s*\]\]?`);

function splitKey(dotted: string): string[] {
  const parts = dotted.match(new RegExp(KEY_PART, 'g')) ?? [];
  return parts.map((p) => (p.startsWith('"') ? (JSON.parse(p) as string) : p.replace(/^'|'$/g, '')));
}

/** Net bracket depth and an unclosed multi-line string opener in the rest of a line. */
function scanValue(rest: string): { depth: number; openString: '"""' | "'''" | null } {
  let depth = 0;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (c === '#') break;
    const triple = rest.slice(i, i + 3);
    if (triple === '"""' || triple === "'''") {
      const end = rest.indexOf(triple, i + 3);
      if (end < 0) return { depth, openString: triple };
      i = end + 2;
    } else if (c === '"') {
      i++;
      while (i < rest.length && rest[i] !== '"') i += rest[i] === '\\' ? 2 : 1;
    } else if (c === "'") {
      const end = rest.indexOf("'", i + 1);
      i = end < 0 ? rest.length : end;
    } else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
  }
  return { depth, openString: null };
}

/** Map `table.key` (and `table` for headers) to its position in `text`. */
export function locateKeys(text: string): Map<string, Position> {
  const out = new Map<string, Position>();
  const lines = text.split(/\r?\n/);
  let prefix: string[] = [];
  let depth = 0;
  let openString: string | null = null;
  lines.forEach((line, i) => {
    if (openString) {
      if (line.includes(openString)) {
        const after = scanValue(line.slice(line.indexOf(openString) + 3));
        openString = after.openString;
        depth += after.depth;
      }
      return;
    }
    if (depth > 0) {
      const s = scanValue(line);
      depth += s.depth;
      openString = s.openString;
      return;
    }
    const header = HEADER.exec(line);
    if (header) {
      prefix = splitKey(header[2]!);
      const path = prefix.join('.');
      if (!out.has(path)) out.set(path, { line: i + 1, col: header[1]!.length + 1 });
      return;
    }
    const kv = KEY_LINE.exec(line);
    if (!kv) return;
    const path = [...prefix, ...splitKey(kv[2]!)].join('.');
    if (!out.has(path)) out.set(path, { line: i + 1, col: kv[1]!.length + 1, valueCol: kv[0].length + 1 });
    const s = scanValue(line.slice(kv[0].length));
    depth = Math.max(0, s.depth);
    openString = s.openString;
  });
  return out;
}

/** The position of `path`, or of its nearest located parent. */
export function positionOf(
  positions: Map<string, Position>,
  path: string[],
): { pos: Position; exact: boolean } | null {
  for (let n = path.length; n > 0; n--) {
    const pos = positions.get(path.slice(0, n).join('.'));
    if (pos) return { pos, exact: n === path.length };
  }
  return null;
}
