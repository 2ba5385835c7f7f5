/**
 * A strict parser of the Prometheus text exposition format (0.0.4), for tests of `/metrics`: what a
 * Prometheus server would refuse, it throws on, naming the line. Strict beyond the server where a
 * slip would hide a defect: every sample belongs to a family declared by `# TYPE` before it, no
 * family is declared twice, no series appears twice, and a histogram's buckets are cumulative and
 * end at +Inf equal to its _count.
 */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  type: MetricType;
  help?: string;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES: ReadonlySet<string> = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<MetricType, string[]> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

function parseValue(text: string, where: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new Error(`${where}: '${text}' is not a number.`);
  return Number(text);
}

/** Reads `{a="x",b="y"}` from the start of `text`; answers the labels and what follows. */
function parseLabels(text: string, where: string): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let i = 1;
  for (;;) {
    if (text[i] === '}') return { labels, rest: text.slice(i + 1) };
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new Error(`${where}: a label has no '='.`);
    const name = text.slice(i, eq);
    if (!LABEL_NAME.test(name)) throw new Error(`${where}: '${name}' is not a label name.`);
    if (name in labels) throw new Error(`${where}: label ${name} appears twice.`);
    if (text[eq + 1] !== '"') throw new Error(`${where}: label ${name}'s value is not quoted.`);
    let value = '';
    let j = eq + 2;
    for (;;) {
      const c = text[j];
      if (c === undefined) throw new Error(`${where}: label ${name}'s value is not closed.`);
      if (c === '"') break;
      if (c === '\\') {
        const next = text[j + 1];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else throw new Error(`${where}: label ${name} has a bad escape '\\${next ?? ''}'.`);
        j += 2;
        continue;
      }
      if (c === '\n') throw new Error(`${where}: label ${name}'s value holds a raw line break.`);
      value += c;
      j++;
    }
    labels[name] = value;
    i = j + 1;
    if (text[i] === ',') i++;
    else if (text[i] !== '}') throw new Error(`${where}: labels must be separated by ','.`);
  }
}

function familyOf(sampleName: string, families: Map<string, MetricFamily>): MetricFamily | undefined {
  for (const family of families.values()) {
    if (SUFFIXES[family.type].some((suffix) => family.name + suffix === sampleName)) return family;
  }
  return undefined;
}

function checkHistogram(family: MetricFamily): void {
  const series = new Map<string, Sample[]>();
  for (const sample of family.samples.filter((s) => s.name.endsWith('_bucket'))) {
    if (!('le' in sample.labels)) throw new Error(`Histogram ${family.name}: a bucket has no 'le' label.`);
    const { le: _le, ...rest } = sample.labels;
    const key = JSON.stringify(rest);
    series.set(key, [...(series.get(key) ?? []), sample]);
  }
  for (const [key, buckets] of series) {
    let previous = -Infinity;
    let count = 0;
    for (const bucket of buckets) {
      const le = parseValue(bucket.labels.le!, `Histogram ${family.name}`);
      if (le <= previous) throw new Error(`Histogram ${family.name} ${key}: buckets are not in increasing order.`);
      if (bucket.value < count) throw new Error(`Histogram ${family.name} ${key}: buckets are not cumulative.`);
      previous = le;
      count = bucket.value;
    }
    if (previous !== Infinity) throw new Error(`Histogram ${family.name} ${key}: no +Inf bucket.`);
    const total = family.samples.find((s) => s.name === `${family.name}_count` && JSON.stringify(s.labels) === key);
    if (!total || total.value !== count) throw new Error(`Histogram ${family.name} ${key}: _count does not equal the +Inf bucket.`);
  }
}

export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('The exposition does not end with a line break.');
  const families = new Map<string, MetricFamily>();
  const seen = new Set<string>();
  const typed = new Set<string>();
  text.split('\n').forEach((line, index) => {
    const where = `Line ${index + 1}`;
    if (line === '') return;
    if (line.startsWith('#')) {
      const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!meta) {
        if (/^# ?(HELP|TYPE)\b/.test(line)) throw new Error(`${where}: malformed ${line.slice(2, 6)} line.`);
        return; // an ordinary comment
      }
      const [, kind, name, rest] = meta as unknown as [string, 'HELP' | 'TYPE', string, string];
      if (!METRIC_NAME.test(name)) throw new Error(`${where}: '${name}' is not a metric name.`);
      const family = families.get(name);
      if (family?.samples.length) throw new Error(`${where}: ${kind} of ${name} comes after its samples.`);
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`${where}: '${rest}' is not a metric type.`);
        if (typed.has(name)) throw new Error(`${where}: ${name} is declared twice.`);
        typed.add(name);
        families.set(name, { name, type: rest as MetricType, ...(family?.help !== undefined ? { help: family.help } : {}), samples: [] });
      } else {
        if (family?.help !== undefined) throw new Error(`${where}: ${name} has two HELP lines.`);
        families.set(name, { name, type: family?.type ?? 'untyped', help: rest, samples: family?.samples ?? [] });
      }
      return;
    }
    const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
    if (!nameMatch) throw new Error(`${where}: not a sample, a comment or a blank line.`);
    const name = nameMatch[0];
    let rest = line.slice(name.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) ({ labels, rest } = parseLabels(rest, where));
    const parts = /^ (\S+)( -?\d+)?$/.exec(rest);
    if (!parts) throw new Error(`${where}: a sample must be 'name{labels} value [timestamp]'.`);
    const family = familyOf(name, families);
    if (!family || !typed.has(family.name)) throw new Error(`${where}: sample ${name} belongs to no family declared by # TYPE before it.`);
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) throw new Error(`${where}: series ${name} ${JSON.stringify(labels)} appears twice.`);
    seen.add(key);
    family.samples.push({ name, labels, value: parseValue(parts[1]!, where) });
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

/** The value of one series; throws when it is not there (so a test cannot pass on a missing metric). */
export function sampleValue(families: Map<string, MetricFamily>, name: string, labels: Record<string, string> = {}): number {
  for (const family of families.values()) {
    const sample = family.samples.find(
      (s) => s.name === name && Object.keys(labels).length === Object.keys(s.labels).length && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    );
    if (sample) return sample.value;
  }
  throw new Error(`No sample ${name} ${JSON.stringify(labels)} in the exposition.`);
}
