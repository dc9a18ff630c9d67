/**
 * Series derived from the sampled ones: per-second rates of cumulative counters, and sums of
 * several series grouped by a label (all replicas, flow schemas or verbs of one priority level or
 * response code class) on the run's sampling grid.
 */
import type { RunData, Series } from './run-data.js';

/** Parallel arrays of sample times (s) and values. */
export interface Points {
  readonly t: number[];
  readonly v: number[];
}

/** The per-second rate of a sampled cumulative count: (times, rates) between consecutive samples, at the later one. */
export function ratePerSecond(t: readonly number[], v: readonly number[]): [number[], number[]] {
  const times: number[] = [];
  const rates: number[] = [];
  for (let i = 1; i < t.length; i++) {
    const dt = (t[i] as number) - (t[i - 1] as number);
    if (dt <= 0) continue;
    times.push(t[i] as number);
    rates.push(((v[i] as number) - (v[i - 1] as number)) / dt);
  }
  return [times, rates];
}

const grids = new WeakMap<RunData, number[]>();

/** Every time at which the run sampled (the union over its series), ascending; computed once per run. */
export function sampleTimes(run: RunData): number[] {
  let grid = grids.get(run);
  if (grid === undefined) {
    const times = new Set<number>();
    for (const s of run.series.values()) for (const t of s.t) times.add(t);
    grid = [...times].sort((a, b) => a - b);
    grids.set(run, grid);
  }
  return grid;
}

/**
 * Sums `series` per group (`key` of a series; undefined leaves it out) at every sample time of
 * `run`. A series counts as 0 before its first sample and keeps its last value between samples:
 * sampled metrics are created on first use (the first 429 creates its counter), so a group that
 * appears late still shows its first increments as a rate. Groups are sorted by key.
 */
export function sumSeriesBy(run: RunData, series: readonly Series[], key: (s: Series) => string | undefined): Map<string, Points> {
  const grid = sampleTimes(run);
  const sums = new Map<string, number[]>();
  for (const s of series) {
    const k = key(s);
    if (k === undefined) continue;
    let acc = sums.get(k);
    if (acc === undefined) sums.set(k, (acc = new Array<number>(grid.length).fill(0)));
    let j = 0;
    let last = 0;
    for (let i = 0; i < grid.length; i++) {
      const at = grid[i] as number;
      while (j < s.t.length && (s.t[j] as number) <= at) last = s.v[j++] as number;
      acc[i] = (acc[i] as number) + last;
    }
  }
  const out = new Map<string, Points>();
  for (const k of [...sums.keys()].sort()) out.set(k, { t: grid, v: sums.get(k) as number[] });
  return out;
}
