/** The data every reporter renders: one run's results, following DESIGN.md's output contract. */
import type { PodRecord } from '../pod-lifecycle.js';
import type { SeriesPoint } from '../sink.js';
import type { MetricValue } from '../summary.js';

/** An SLO checked against a run. */
export interface SloResult {
  readonly name: string;
  readonly value: number;
  readonly objective: number;
  readonly pass: boolean;
}

/** The fields of summary.json (DESIGN.md's output contract). */
export interface SummaryFields {
  readonly scenario: string;
  readonly seed: number | string;
  readonly params: Readonly<Record<string, number>>;
  readonly simSeconds: number;
  readonly wallSeconds: number;
  readonly events: number;
  readonly completed: boolean;
  readonly metrics: Readonly<Record<string, MetricValue>>;
  readonly slos: readonly SloResult[];
  readonly warnings: readonly string[];
}

/** One run's results as the reporters see them: the summary plus per-pod records and sampled points. */
export interface RunReport extends SummaryFields {
  readonly pods: readonly PodRecord[];
  readonly points: readonly SeriesPoint[];
}

/** µs as seconds with exactly six decimals (exact, stable text). */
export function secondsText(us: number | undefined): string {
  return us === undefined ? '' : (us / 1e6).toFixed(6);
}
