/**
 * SLOs a scenario states (`slos:`) on top of the default SIG-scalability ones: a new objective
 * for a default SLO, or a bound on any metric series (selected by name and labels) and statistic.
 */
import { checkDefaultSlos } from './slo.js';
import { splitSeriesName } from './series-name.js';
import type { MetricValue } from './summary.js';
import type { SloResult } from './reporters/run-report.js';

/** The statistic of a summary metric an SLO bounds (plain numbers are read as they are). */
export type SloStat = 'count' | 'mean' | 'p50' | 'p90' | 'p99' | 'max';

/** One stated SLO: `value <= objective` (`bound: max`) or `value >= objective` (`bound: min`). */
export interface SloObjective {
  readonly name: string;
  /** Metric name and the labels a series must carry; absent for a default SLO whose objective is restated. */
  readonly metric?: { readonly name: string; readonly labels: Readonly<Record<string, string>> };
  readonly stat: SloStat;
  readonly bound: 'max' | 'min';
  readonly objective: number;
}

/** Parses `name{a="x",b="y"}` into a metric name and labels; undefined when malformed. */
export function parseSeriesSelector(text: string): { name: string; labels: Record<string, string> } | undefined {
  const trimmed = text.trim();
  if (trimmed.includes('{') && !trimmed.endsWith('}')) return undefined;
  const { name, labels } = splitSeriesName(trimmed);
  if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) return undefined;
  const out: Record<string, string> = {};
  let rest = labels.trim();
  const pair = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(,\s*|$)/;
  while (rest.length > 0) {
    const m = pair.exec(rest);
    if (m === null) return undefined;
    out[m[1] as string] = (m[2] as string).replace(/\\(.)/g, '$1');
    rest = rest.slice(m[0].length);
  }
  return { name, labels: out };
}

function labelsOf(series: string): Record<string, string> {
  return parseSeriesSelector(series)?.labels ?? {};
}

/** The value of one stated SLO: the worst matching series (highest for `max`, lowest for `min`); undefined without observations. */
function statedValue(metrics: Readonly<Record<string, MetricValue>>, slo: SloObjective): number | undefined {
  const m = slo.metric;
  if (m === undefined) return undefined;
  let worst: number | undefined;
  for (const [series, v] of Object.entries(metrics)) {
    if (splitSeriesName(series).name !== m.name) continue;
    const labels = labelsOf(series);
    if (Object.entries(m.labels).some(([k, want]) => labels[k] !== want)) continue;
    let x: number;
    if (typeof v === 'number') x = v;
    else if (v.count === 0 && slo.stat !== 'count') continue;
    else x = v[slo.stat];
    worst = worst === undefined ? x : slo.bound === 'max' ? Math.max(worst, x) : Math.min(worst, x);
  }
  return worst;
}

/** The default SLOs with any restated objectives, then the scenario's own SLOs in the order stated; SLOs without observations are omitted. */
export function checkSlos(metrics: Readonly<Record<string, MetricValue>>, stated: readonly SloObjective[]): SloResult[] {
  const out = checkDefaultSlos(metrics).map((d) => {
    const s = stated.find((x) => x.metric === undefined && x.name === d.name);
    return s === undefined ? d : { ...d, objective: s.objective, pass: d.value <= s.objective };
  });
  for (const slo of stated) {
    const value = statedValue(metrics, slo);
    if (value === undefined) continue;
    out.push({ name: slo.name, value, objective: slo.objective, pass: slo.bound === 'max' ? value <= slo.objective : value >= slo.objective });
  }
  return out;
}
