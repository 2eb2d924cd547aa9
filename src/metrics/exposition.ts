// The Prometheus text exposition format, version 0.0.4: one `# HELP` and one `# TYPE` line per
// family, then its samples. Pure: families in, text out. Label values are escaped (backslash,
// double quote, newline) and HELP text too (backslash, newline), as the format requires.

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type MetricType = 'gauge' | 'counter' | 'histogram' | 'untyped';

export interface Sample {
  /** Suffix added to the family name (`_bucket`, `_sum`, `_count` for histograms). */
  suffix?: string;
  labels?: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Go-style float text: NaN, +Inf, -Inf, else the shortest round-trip decimal. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

function labelText(labels: Record<string, string> | undefined): string {
  if (!labels) return '';
  const parts = Object.entries(labels).map(([k, v]) => {
    if (!LABEL.test(k) || k.startsWith('__')) throw new Error(`invalid label name '${k}'`);
    return `${k}="${escapeLabelValue(v)}"`;
  });
  return parts.length ? `{${parts.join(',')}}` : '';
}

/**
 * Render families in order. Families without samples are left out (a HELP/TYPE pair with no
 * sample is legal, but noise). Duplicate family names are a programming error.
 */
export function renderExposition(families: MetricFamily[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const f of families) {
    if (!NAME.test(f.name)) throw new Error(`invalid metric name '${f.name}'`);
    if (seen.has(f.name)) throw new Error(`duplicate metric family '${f.name}'`);
    seen.add(f.name);
    if (f.samples.length === 0) continue;
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`);
    out.push(`# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples)
      out.push(`${f.name}${s.suffix ?? ''}${labelText(s.labels)} ${formatValue(s.value)}`);
  }
  return out.length ? out.join('\n') + '\n' : '';
}

/** A cumulative histogram kept by its owner (a service), rendered as `_bucket`/`_sum`/`_count`. */
export interface Histogram {
  /** Upper bounds, ascending, without +Inf. */
  bounds: number[];
  /** Cumulative counts per bound (same length as bounds). */
  counts: number[];
  sum: number;
  count: number;
}

export function newHistogram(bounds: number[]): Histogram {
  return { bounds: [...bounds], counts: bounds.map(() => 0), sum: 0, count: 0 };
}

export function observe(h: Histogram, value: number): void {
  h.sum += value;
  h.count++;
  for (let i = 0; i < h.bounds.length; i++) if (value <= h.bounds[i]!) h.counts[i]!++;
}

export function histogramSamples(h: Histogram, labels: Record<string, string> = {}): Sample[] {
  return [
    ...h.bounds.map((b, i) => ({
      suffix: '_bucket',
      labels: { ...labels, le: formatValue(b) },
      value: h.counts[i]!,
    })),
    { suffix: '_bucket', labels: { ...labels, le: '+Inf' }, value: h.count },
    { suffix: '_sum', labels, value: h.sum },
    { suffix: '_count', labels, value: h.count },
  ];
}
