/**
 * maxSurge / maxUnavailable values: an integer or a percentage string, resolved against the
 * replica count as k8s.io/apimachinery intstr.GetScaledValueFromIntOrPercent does (surge rounded
 * up, unavailable rounded down; pkg/controller/deployment/util/deployment_util.go ResolveFenceposts).
 */
import type { IntOrString } from '../api/apps.js';

/** The problem with an int-or-percent value (upstream's validation message), or undefined when valid. */
export function intOrPercentProblem(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? (v < 0 ? 'must be greater than or equal to 0' : undefined) : 'must be an integer or percentage (e.g \'5%\')';
  if (typeof v !== 'string') return 'must be an integer or percentage (e.g \'5%\')';
  const m = /^(-?\d+)%$/.exec(v);
  if (m === null) return 'a valid percent string must be a numeric string followed by an ending \'%\' (e.g. \'1%\',  or \'93%\', regex used for validation is \'[0-9]+%\')';
  const n = Number(m[1]);
  if (n < 0) return 'must be greater than or equal to 0';
  if (n > 100) return 'must not be greater than 100%';
  return undefined;
}

/** `v` scaled to `total`: an integer as is, a percentage of `total` rounded up or down. */
export function scaledValue(v: IntOrString, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const pct = Number(v.slice(0, -1));
  const exact = (pct * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** True when `v` is zero (0 or "0%"). */
export function isZero(v: IntOrString): boolean {
  return typeof v === 'number' ? v === 0 : Number(v.slice(0, -1)) === 0;
}
