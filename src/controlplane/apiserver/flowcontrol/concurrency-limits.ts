/**
 * How one apiserver's seats are divided among priority levels: the nominal limits from shares,
 * the lendable and borrowable amounts, and the periodic (10 s) adjustment of each level's current
 * limit from its seat demand with a fair allocation of what the levels lend. After upstream
 * staging/src/k8s.io/apiserver/pkg/util/flowcontrol/apf_controller.go (finishQueueSetReconfigsLocked,
 * updateBorrowingLocked) and conc_alloc.go (computeConcurrencyAllocation).
 */
import type { Micros } from '../../../engine/simulation.js';
import type { ResolvedPriorityLevel } from './flowcontrol-defaults.js';
import type { SeatDemandStats } from './seat-demand.js';

/** Upstream `borrowingAdjustmentPeriod`. */
export const borrowingAdjustmentPeriod: Micros = 10_000_000;

/** A level's fixed limits, in seats. */
export interface ConcurrencyLimits {
  /** ceil(ServerCL · shares / Σ shares), the exempt level's shares included in the sum. */
  readonly nominalCL: number;
  /** round(nominalCL · lendablePercent / 100). */
  readonly lendableCL: number;
  /** round(nominalCL · borrowingLimitPercent / 100), or ServerCL when unlimited. */
  readonly borrowingCL: number;
  /** nominalCL − lendableCL: never lent. */
  readonly minCL: number;
  /** nominalCL + borrowingCL. */
  readonly maxCL: number;
  /** The current limit before the first adjustment: nominalCL − floor(lendableCL / 2). */
  readonly initialCL: number;
}

/** The limits of each level (same order) at server concurrency limit `serverCL`. */
export function nominalConcurrencyLimits(levels: readonly ResolvedPriorityLevel[], serverCL: number): ConcurrencyLimits[] {
  let shareSum = 0;
  for (const l of levels) shareSum += l.nominalConcurrencyShares;
  return levels.map((l) => {
    // Same operation order as upstream so the float rounding (and the ceil) agree.
    const nominalCL = shareSum > 0 ? Math.ceil((serverCL * l.nominalConcurrencyShares) / shareSum) : 0;
    const lendableCL = Math.round((nominalCL * l.lendablePercent) / 100);
    const borrowingCL = l.borrowingLimitPercent === undefined ? serverCL : Math.round((nominalCL * l.borrowingLimitPercent) / 100);
    return { nominalCL, lendableCL, borrowingCL, minCL: nominalCL - lendableCL, maxCL: nominalCL + borrowingCL, initialCL: nominalCL - Math.floor(lendableCL / 2) };
  });
}

/** One class of the allocation problem (upstream `allocProblemItem`). */
export interface AllocationItem {
  readonly target: number;
  readonly lowerBound: number;
  readonly upperBound: number;
}

/** Upstream `MinTarget`: targets below it count as it, so none is zero. */
const minTarget = 0.001;
const epsilon = 1e-7;

/**
 * Splits `requiredSum` over `items`: the unique `fairProp` and allocations with
 * alloc[i] = clamp(fairProp · target[i], lowerBound[i], upperBound[i]) summing to `requiredSum`
 * (upstream computeConcurrencyAllocation's contract). Returns a string saying why when the bounds
 * make that impossible. Own method: walk the sorted breakpoints of the piecewise-linear sum.
 */
export function computeConcurrencyAllocation(requiredSum: number, items: readonly AllocationItem[]): { allocs: number[]; fairProp: number } | string {
  if (requiredSum < 0) return 'negative sums are not supported';
  let lowSum = 0;
  let highSum = 0;
  const targets = items.map((it) => {
    if (it.lowerBound < 0 || it.target < it.lowerBound || it.upperBound < it.lowerBound) return NaN;
    lowSum += it.lowerBound;
    highSum += it.upperBound;
    return Math.max(it.target, minTarget);
  });
  if (targets.some(Number.isNaN)) return 'each item needs 0 <= lowerBound <= target and lowerBound <= upperBound';
  if (lowSum - requiredSum > epsilon) return `lower bounds sum to ${lowSum}, which is higher than the required sum of ${requiredSum}`;
  if (requiredSum - highSum > epsilon) return `upper bounds sum to ${highSum}, which is lower than the required sum of ${requiredSum}`;
  const t = (i: number): number => targets[i] as number;
  if (requiredSum === 0) return { allocs: items.map(() => 0), fairProp: 0 };
  if (lowSum - requiredSum > -epsilon) return { allocs: items.map((it) => it.lowerBound), fairProp: Math.min(...items.map((it, i) => it.lowerBound / t(i))) };
  if (requiredSum - highSum > -epsilon) return { allocs: items.map((it) => it.upperBound), fairProp: Math.max(...items.map((it, i) => it.upperBound / t(i))) };
  const sumAt = (p: number): number => items.reduce((s, it, i) => s + Math.max(it.lowerBound, Math.min(it.upperBound, p * t(i))), 0);
  const breakpoints = [...new Set(items.flatMap((it, i) => [it.lowerBound / t(i), it.upperBound / t(i)]))].sort((a, b) => a - b);
  // sumAt is continuous and non-decreasing: find the segment where it reaches requiredSum; on it
  // the sum grows at the summed targets of the classes inside their bounds.
  let lo = breakpoints[0] as number;
  let fairProp = lo;
  for (let k = 1; k < breakpoints.length; k++) {
    const hi = breakpoints[k] as number;
    if (sumAt(hi) < requiredSum) {
      lo = fairProp = hi;
      continue;
    }
    let slope = 0;
    items.forEach((it, i) => {
      if (it.lowerBound / t(i) <= lo && it.upperBound / t(i) >= hi) slope += t(i);
    });
    fairProp = slope > 0 ? lo + (requiredSum - sumAt(lo)) / slope : hi;
    break;
  }
  return { allocs: items.map((it, i) => Math.max(it.lowerBound, Math.min(it.upperBound, fairProp * t(i)))), fairProp };
}

/** What the borrowing adjustment reads and writes for one level. */
export interface BorrowingLevel {
  readonly exempt: boolean;
  readonly limits: ConcurrencyLimits;
  readonly stats: SeatDemandStats;
  currentCL: number;
}

/**
 * One borrowing adjustment (upstream updateBorrowingLocked), given each level's freshly updated
 * demand stats. Exempt levels take max(minCL, high watermark) off the top. Each other level gets
 * at least max(minCL, min(nominalCL, high watermark)) and at most maxCL; if the rest cannot cover
 * those floors they are scaled between minCL and the floor; otherwise the sum of nominal limits is
 * shared in proportion to each level's target max(floor, smoothed demand), within the bounds.
 * `nominalCLSum` is Σ nominalCL (a little above ServerCL because of the ceilings).
 */
export function adjustCurrentLimits(levels: readonly BorrowingLevel[], nominalCLSum: number): void {
  const limited: BorrowingLevel[] = [];
  const items: AllocationItem[] = [];
  const floors: number[] = [];
  let remaining = nominalCLSum;
  let minCLSum = 0;
  let floorSum = 0;
  for (const l of levels) {
    const { minCL, nominalCL, maxCL } = l.limits;
    const hw = l.stats.highWatermark;
    if (l.exempt) {
      l.currentCL = Math.max(minCL, hw);
      remaining -= l.currentCL;
      continue;
    }
    const floor = Math.max(minCL, Math.min(nominalCL, hw));
    limited.push(l);
    floors.push(floor);
    items.push({ lowerBound: floor, upperBound: maxCL, target: Math.max(floor, l.stats.smoothed) });
    minCLSum += minCL;
    floorSum += floor;
  }
  if (remaining <= minCLSum) {
    for (const l of limited) l.currentCL = l.limits.minCL;
    return;
  }
  if (remaining <= floorSum) {
    const shareFrac = (remaining - minCLSum) / (floorSum - minCLSum);
    limited.forEach((l, i) => (l.currentCL = l.limits.minCL + Math.round(((floors[i] as number) - l.limits.minCL) * shareFrac)));
    return;
  }
  // Upstream allocates the full nominal sum here, not what exempt levels left (kept as is).
  const result = computeConcurrencyAllocation(nominalCLSum, items);
  if (typeof result === 'string') return; // upstream's backstop: keep the current limits
  limited.forEach((l, i) => (l.currentCL = Math.round(result.allocs[i] as number)));
}
