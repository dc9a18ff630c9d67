/**
 * Whether one probe of `kubesim plan` (a value run with every replication seed) meets the SLOs:
 * every run completed, and for each SLO the end of the 95 % confidence interval of its mean on
 * the wrong side — mean + half-width for an upper bound, mean − half-width for a lower one — is
 * still within the objective (with one replication, the value itself).
 */
import { meanWithInterval } from '../metrics/confidence-interval.js';
import type { ScenarioSpec } from '../scenario/spec.js';
import type { SweepRow } from '../sweep/sweep-row.js';

/** An SLO's objective and direction. */
export interface SloBound {
  readonly name: string;
  readonly objective: number;
  readonly bound: 'max' | 'min';
}

/** One SLO at one probe. */
export interface SloVerdict extends SloBound {
  /** Runs that observed it. */
  readonly n: number;
  readonly mean: number;
  readonly halfWidth: number;
  readonly holds: boolean;
}

/** The outcome of one probe. */
export interface ProbeVerdict {
  readonly holds: boolean;
  readonly runs: number;
  readonly completed: number;
  readonly slos: readonly SloVerdict[];
}

/** The SLOs a scenario's runs are held to: the defaults (objectives as restated) and its own. */
export function sloBounds(spec: ScenarioSpec): SloBound[] {
  const defaults: SloBound[] = [
    { name: 'mutating_api_call_latency_p99_seconds', objective: 1, bound: 'max' },
    { name: 'pod_startup_latency_p99_seconds', objective: 5, bound: 'max' },
  ];
  const restated = defaults.map((d) => {
    const s = spec.slos.find((x) => x.metric === undefined && x.name === d.name);
    return s === undefined ? d : { ...d, objective: s.objective };
  });
  return [...restated, ...spec.slos.filter((s) => s.metric !== undefined).map((s) => ({ name: s.name, objective: s.objective, bound: s.bound }))];
}

/** The verdict on `rows` (one per replication) against `bounds`; an SLO no run observed is left out. */
export function probeVerdict(rows: readonly SweepRow[], bounds: readonly SloBound[]): ProbeVerdict {
  const slos: SloVerdict[] = [];
  for (const b of bounds) {
    const values = rows.flatMap((r) => (r.slos[b.name] === undefined ? [] : [r.slos[b.name] as number]));
    if (values.length === 0) continue;
    const m = meanWithInterval(values);
    const worst = b.bound === 'max' ? m.mean + m.halfWidth : m.mean - m.halfWidth;
    slos.push({ ...b, n: values.length, mean: m.mean, halfWidth: m.halfWidth, holds: b.bound === 'max' ? worst <= b.objective : worst >= b.objective });
  }
  const completed = rows.filter((r) => r.metrics.completed === 1).length;
  return { holds: completed === rows.length && slos.every((s) => s.holds), runs: rows.length, completed, slos };
}
