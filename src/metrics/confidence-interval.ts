/** Mean and 95 % confidence interval of replicated measurements (Student's t). */
import { deviation, mean } from 'd3-array';

/** Two-sided 97.5 % quantiles of Student's t for 1..30 degrees of freedom (standard tables). */
const t975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** A mean with the half-width of its 95 % confidence interval (0 with fewer than two values). */
export interface MeanWithInterval {
  readonly n: number;
  readonly mean: number;
  readonly halfWidth: number;
}

/** Mean and 95 % CI half-width t(0.975, n-1) · s / sqrt(n) of `values`. */
export function meanWithInterval(values: readonly number[]): MeanWithInterval {
  const n = values.length;
  const m = mean(values) ?? NaN;
  if (n < 2) return { n, mean: m, halfWidth: 0 };
  const t = t975[n - 2] ?? 1.96;
  return { n, mean: m, halfWidth: (t * (deviation(values) ?? 0)) / Math.sqrt(n) };
}
