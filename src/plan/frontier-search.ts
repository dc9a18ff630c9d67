/**
 * The search of `kubesim plan`: on a grid of values (from, from + step, ..., to) where meeting the
 * SLOs is monotone — true up to some load (maximize) or from some resource on (minimize) — find
 * the boundary by galloping (probes at grid indices 0, 1, 3, 7, 15, ...) until the outcome flips,
 * then bisecting between the last two probes. Each value is probed at most once.
 */

/** Which end of the grid is wanted. */
export type Direction = 'maximize' | 'minimize';

/** One probe of the search, in the order made. */
export interface Probe<V> {
  readonly value: number;
  readonly holds: boolean;
  /** What the probe function returned beyond the outcome (SLO statistics). */
  readonly detail: V;
}

/** The outcome of a search: the value found (undefined when no grid value meets the SLOs) and every probe. */
export interface SearchResult<V> {
  readonly answer: number | undefined;
  readonly probes: readonly Probe<V>[];
}

/** Grid points from `from` to `to` by `step` (`to` included even off the step), rounded to 12 significant digits. */
export function gridPoints(from: number, to: number, step: number): number[] {
  const n = Math.floor((to - from) / step + 1e-9);
  const points = Array.from({ length: n + 1 }, (_, i) => Number((from + i * step).toPrecision(12)));
  if ((points[points.length - 1] ?? from) < to) points.push(to);
  return points;
}

/** A default step: 1 for up to 64 whole-number points, else about a 32nd of the span rounded to 1, 2 or 5 × 10^k. */
export function defaultStep(from: number, to: number): number {
  const span = to - from;
  if (Number.isInteger(from) && Number.isInteger(to) && span <= 64) return 1;
  const raw = span / 32;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const nice = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? raw;
  return Number.isInteger(from) && Number.isInteger(to) ? Math.max(1, Math.round(nice)) : nice;
}

/**
 * The last index of the prefix of [0, n) on which `test` is true (-1 when test(0) is false, n - 1
 * when it never turns false), probing by galloping then bisection.
 */
async function lastOfPrefix(n: number, test: (i: number) => Promise<boolean>): Promise<number> {
  if (!(await test(0))) return -1;
  let good = 0;
  let bad = n;
  for (let inc = 1; good < n - 1; inc *= 2) {
    const next = Math.min(good + inc, n - 1);
    if (await test(next)) good = next;
    else {
      bad = next;
      break;
    }
  }
  while (bad - good > 1) {
    const mid = good + Math.floor((bad - good) / 2);
    if (await test(mid)) good = mid;
    else bad = mid;
  }
  return good;
}

/**
 * Searches `points` (ascending) with `probe` (true when the SLOs hold at a value): the largest
 * value that holds (maximize; they hold below it) or the smallest (minimize; they hold above it).
 */
export async function searchFrontier<V>(
  points: readonly number[],
  direction: Direction,
  probe: (value: number) => Promise<{ holds: boolean; detail: V }>,
): Promise<SearchResult<V>> {
  const probes: Probe<V>[] = [];
  const at = async (i: number): Promise<boolean> => {
    const value = points[i] as number;
    const r = await probe(value);
    probes.push({ value, holds: r.holds, detail: r.detail });
    return r.holds;
  };
  if (direction === 'maximize') {
    const k = await lastOfPrefix(points.length, at);
    return { answer: k < 0 ? undefined : points[k], probes };
  }
  const k = await lastOfPrefix(points.length, async (i) => !(await at(i)));
  return { answer: k + 1 >= points.length ? undefined : points[k + 1], probes };
}
