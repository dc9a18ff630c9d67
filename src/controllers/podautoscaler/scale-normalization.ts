/**
 * From a metric's recommendation to the replica count the autoscaler sets, after
 * pkg/controller/podautoscaler/horizontal.go. With `spec.behavior` (normalizeDesiredReplicasWithBehaviors):
 * the recommendation is stabilised over each direction's window (a scale up takes the lowest
 * recommendation of the scale-up window, a scale down the highest of the scale-down window), then
 * limited by the direction's policies over the replicas changed within each policy's period
 * (selectPolicy Max takes the most permissive policy, Min the least, Disabled forbids the
 * direction) and by min/maxReplicas. Without it (normalizeDesiredReplicas): the highest
 * recommendation of the last `downscaleStabilization` (5 min), a scale up of at most
 * max(2 × current, 4), and min/maxReplicas.
 */
import type { HorizontalPodAutoscalerBehavior, HPAScalingRules } from '../../api/autoscaling.js';
import type { Micros } from '../../engine/simulation.js';

interface Recommendation {
  readonly replicas: number;
  readonly at: Micros;
}

interface ScaleEvent {
  readonly change: number;
  readonly at: Micros;
}

/** The normalized count with the reasons for AbleToScale and ScalingLimited. */
export interface Normalized {
  readonly replicas: number;
  readonly stabilized: boolean;
  readonly ableReason: string;
  readonly ableMessage: string;
  readonly limited: boolean;
  readonly limitReason: string;
  readonly limitMessage: string;
}

/** What one normalization needs. */
export interface NormalizationArgs {
  readonly key: string;
  readonly behavior: HorizontalPodAutoscalerBehavior | undefined;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly currentReplicas: number;
  readonly desiredReplicas: number;
  readonly now: Micros;
}

function changeInPeriod(events: readonly ScaleEvent[], periodSeconds: number, now: Micros): number {
  const cutoff = now - periodSeconds * 1e6;
  let sum = 0;
  for (const e of events) if (e.at > cutoff) sum += e.change;
  return sum;
}

/** The most replicas the scale-up rules allow now (calculateScaleUpLimitWithScalingRules). */
export function scaleUpLimit(current: number, ups: readonly ScaleEvent[], downs: readonly ScaleEvent[], rules: HPAScalingRules, now: Micros): number {
  if (rules.selectPolicy === 'Disabled') return current;
  let result = rules.selectPolicy === 'Min' ? Infinity : -Infinity;
  for (const p of rules.policies) {
    const start = current - changeInPeriod(ups, p.periodSeconds, now) + changeInPeriod(downs, p.periodSeconds, now);
    const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = rules.selectPolicy === 'Min' ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** The fewest replicas the scale-down rules allow now (calculateScaleDownLimitWithBehaviors). */
export function scaleDownLimit(current: number, ups: readonly ScaleEvent[], downs: readonly ScaleEvent[], rules: HPAScalingRules, now: Micros): number {
  if (rules.selectPolicy === 'Disabled') return current;
  let result = rules.selectPolicy === 'Min' ? -Infinity : Infinity;
  for (const p of rules.policies) {
    const start = current - changeInPeriod(ups, p.periodSeconds, now) + changeInPeriod(downs, p.periodSeconds, now);
    const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = rules.selectPolicy === 'Min' ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** The recommendation history and scale events of every autoscaler, and the normalization over them. */
export class ScaleNormalizer {
  private readonly recommendations = new Map<string, Recommendation[]>();
  private readonly ups = new Map<string, ScaleEvent[]>();
  private readonly downs = new Map<string, ScaleEvent[]>();

  constructor(private readonly downscaleStabilization: Micros) {}

  /** Records the current replicas as the first recommendation of an autoscaler that has none (recordInitialRecommendation), so a new autoscaler does not scale down at once. */
  recordInitial(key: string, currentReplicas: number, now: Micros): void {
    if (!this.recommendations.has(key)) this.recommendations.set(key, [{ replicas: currentReplicas, at: now }]);
  }

  /** Normalizes `args.desiredReplicas`, recording it as a recommendation. */
  normalize(args: NormalizationArgs): Normalized {
    return args.behavior === undefined ? this.withoutBehavior(args) : this.withBehavior(args, args.behavior);
  }

  /** Records a successful scale from `from` to `to` replicas (storeScaleEvent), forgetting events older than every policy's period. */
  scaled(key: string, behavior: HorizontalPodAutoscalerBehavior | undefined, from: number, to: number, now: Micros): void {
    if (behavior === undefined || from === to) return;
    const up = to > from;
    const rules = up ? behavior.scaleUp : behavior.scaleDown;
    const longest = Math.max(0, ...rules.policies.map((p) => p.periodSeconds)) * 1e6;
    const map = up ? this.ups : this.downs;
    const kept = (map.get(key) ?? []).filter((e) => e.at > now - longest);
    kept.push({ change: Math.abs(to - from), at: now });
    map.set(key, kept);
  }

  /** Forgets a deleted autoscaler. */
  forget(key: string): void {
    this.recommendations.delete(key);
    this.ups.delete(key);
    this.downs.delete(key);
  }

  private record(key: string, replicas: number, now: Micros, keepFor: Micros): Recommendation[] {
    const list = (this.recommendations.get(key) ?? []).filter((r) => r.at >= now - keepFor);
    list.push({ replicas, at: now });
    this.recommendations.set(key, list);
    return list;
  }

  private withBehavior(a: NormalizationArgs, b: HorizontalPodAutoscalerBehavior): Normalized {
    const up = a.desiredReplicas >= a.currentReplicas;
    const window = (up ? b.scaleUp : b.scaleDown).stabilizationWindowSeconds * 1e6;
    const keep = Math.max(b.scaleUp.stabilizationWindowSeconds, b.scaleDown.stabilizationWindowSeconds) * 1e6;
    let stabilized = a.desiredReplicas;
    for (const r of this.recommendations.get(a.key) ?? []) {
      if (r.at > a.now - window) stabilized = up ? Math.min(stabilized, r.replicas) : Math.max(stabilized, r.replicas);
    }
    this.record(a.key, a.desiredReplicas, a.now, keep);
    const ups = this.ups.get(a.key) ?? [];
    const downs = this.downs.get(a.key) ?? [];
    let replicas = stabilized;
    let limitReason = 'DesiredWithinRange';
    let limitMessage = 'the desired count is within the acceptable range';
    if (stabilized > a.currentReplicas) {
      const limit = Math.max(scaleUpLimit(a.currentReplicas, ups, downs, b.scaleUp, a.now), a.currentReplicas);
      const max = Math.min(a.maxReplicas, limit);
      if (stabilized > max) {
        replicas = max;
        [limitReason, limitMessage] = a.maxReplicas > limit
          ? ['ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate']
          : ['TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
      }
    } else if (stabilized < a.currentReplicas) {
      const limit = Math.min(scaleDownLimit(a.currentReplicas, ups, downs, b.scaleDown, a.now), a.currentReplicas);
      const min = Math.max(a.minReplicas, limit);
      if (stabilized < min) {
        replicas = min;
        [limitReason, limitMessage] = a.minReplicas < limit
          ? ['ScaleDownLimit', 'the desired replica count is decreasing faster than the maximum scale rate']
          : ['TooFewReplicas', 'the desired replica count is less than the minimum replica count'];
      }
    }
    const changed = stabilized !== a.desiredReplicas;
    return {
      replicas,
      stabilized: changed,
      ableReason: changed ? (up ? 'ScaleUpStabilized' : 'ScaleDownStabilized') : 'ReadyForNewScale',
      ableMessage: changed ? 'recent recommendations were ' + (up ? 'lower' : 'higher') + ' than current one, applying the ' + (up ? 'lowest' : 'highest') + ' recent recommendation' : 'recommended size matches current size',
      limited: replicas !== stabilized,
      limitReason,
      limitMessage,
    };
  }

  private withoutBehavior(a: NormalizationArgs): Normalized {
    let stabilized = a.desiredReplicas;
    for (const r of this.recommendations.get(a.key) ?? []) if (r.at > a.now - this.downscaleStabilization) stabilized = Math.max(stabilized, r.replicas);
    this.record(a.key, a.desiredReplicas, a.now, this.downscaleStabilization);
    // convertDesiredReplicasWithRules: scale up by at most max(2 × current, 4).
    const upLimit = Math.max(2 * a.currentReplicas, 4);
    const min = a.minReplicas === 0 ? 1 : a.minReplicas;
    const [max, maxReason, maxMessage] = a.maxReplicas > upLimit
      ? [upLimit, 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate']
      : [a.maxReplicas, 'TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
    let replicas = stabilized;
    let limitReason = 'DesiredWithinRange';
    let limitMessage = 'the desired count is within the acceptable range';
    if (stabilized < min) {
      replicas = min;
      limitReason = 'TooFewReplicas';
      limitMessage = 'the desired replica count is less than the minimum replica count';
    } else if (stabilized > max) {
      replicas = max;
      limitReason = maxReason;
      limitMessage = maxMessage;
    }
    const changed = stabilized !== a.desiredReplicas;
    return {
      replicas,
      stabilized: changed,
      ableReason: changed ? 'ScaleDownStabilized' : 'ReadyForNewScale',
      ableMessage: changed ? 'recent recommendations were higher than current one, applying the highest recent recommendation' : 'recommended size matches current size',
      limited: replicas !== stabilized,
      limitReason,
      limitMessage,
    };
  }
}
