/**
 * Toleration matching as k8s.io/api core/v1 toleration.go (ToleratesTaint) and
 * pkg/apis/core/v1/helper (TolerationsTolerateTaint, GetMatchingTolerations) define it; shared by
 * the scheduler's TaintToleration plugin and the taint eviction controller.
 */
import type { Taint, Toleration } from './objects.js';

/** Upstream Toleration.ToleratesTaint: effect empty matches all, key empty matches all keys, operator Exists matches any value, Equal (or empty) needs the same value. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect !== undefined && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== '' && t.key !== taint.key) return false;
  const op: string | undefined = t.operator;
  if (op === undefined || op === '' || op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return op === 'Exists';
}

/** True when any toleration tolerates the taint (upstream v1helper.TolerationsTolerateTaint). */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (tolerations === undefined) return false;
  for (let i = 0; i < tolerations.length; i++) if (toleratesTaint(tolerations[i] as Toleration, taint)) return true;
  return false;
}

/**
 * Upstream v1helper.GetMatchingTolerations: whether every taint is tolerated and, if so, the
 * first toleration matching each taint (undefined when some taint is not tolerated).
 */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): Toleration[] | undefined {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations?.find((tol) => toleratesTaint(tol, taint));
    if (t === undefined) return undefined;
    used.push(t);
  }
  return used;
}
