/**
 * Compiles the eviction fields of `cluster.kubelet` (KubeletConfiguration names and value syntax):
 * `evictionHard`, `evictionSoft`, `evictionSoftGracePeriod`, `evictionMinimumReclaim` map signals
 * to quantities or percentages (durations for the grace periods), `evictionMaxPodGracePeriod` is
 * seconds, `evictionPressureTransitionPeriod` a duration. An unknown signal, a malformed amount
 * or a soft threshold without its grace period is bad input (helpers.go ParseThresholdConfig).
 */
import {
  defaultEvictionHard, defaultEvictionPressureTransitionPeriod, defaultHousekeepingInterval, evictionSignals, parseThresholdValue,
  type EvictionConfig, type EvictionSignal, type Threshold, type ThresholdValue,
} from '../node/eviction/eviction-config.js';
import type { CompileContext } from './compile-context.js';
import type { FieldPath } from './input-error.js';

type Raw = Record<string, unknown>;

function signalMap(ctx: CompileContext, path: FieldPath, raw: unknown): Map<EvictionSignal, ThresholdValue> {
  const out = new Map<EvictionSignal, ThresholdValue>();
  for (const [signal, text] of Object.entries((raw ?? {}) as Raw)) {
    if (!(evictionSignals as readonly string[]).includes(signal)) {
      ctx.problem([...path, signal], `unknown eviction signal (kubesim models ${evictionSignals.join(', ')})`);
      continue;
    }
    try {
      out.set(signal as EvictionSignal, parseThresholdValue(text));
    } catch (e) {
      ctx.problem([...path, signal], (e as Error).message);
    }
  }
  return out;
}

/** The eviction configuration of `cluster.kubelet` at `path`. */
export function compileEviction(ctx: CompileContext, path: FieldPath, kubelet: Raw): EvictionConfig {
  const hard = kubelet['evictionHard'] === undefined
    ? new Map(Object.entries(defaultEvictionHard).map(([s, v]) => [s as EvictionSignal, parseThresholdValue(v)]))
    : signalMap(ctx, [...path, 'evictionHard'], kubelet['evictionHard']);
  const soft = signalMap(ctx, [...path, 'evictionSoft'], kubelet['evictionSoft']);
  const minReclaim = signalMap(ctx, [...path, 'evictionMinimumReclaim'], kubelet['evictionMinimumReclaim']);
  const graces = new Map<string, number>();
  for (const [signal, d] of Object.entries((kubelet['evictionSoftGracePeriod'] ?? {}) as Raw)) {
    const p = [...path, 'evictionSoftGracePeriod', signal];
    if (!(evictionSignals as readonly string[]).includes(signal)) ctx.problem(p, `unknown eviction signal (kubesim models ${evictionSignals.join(', ')})`);
    else graces.set(signal, ctx.atLeast(p, d, 'duration', 0));
  }
  const thresholds: Threshold[] = [];
  for (const [signal, value] of hard) thresholds.push({ signal, value, gracePeriod: 0, hard: true, minReclaim: minReclaim.get(signal) });
  for (const [signal, value] of soft) {
    const grace = graces.get(signal);
    if (grace === undefined) ctx.problem([...path, 'evictionSoft', signal], 'a soft threshold needs evictionSoftGracePeriod for the same signal');
    thresholds.push({ signal, value, gracePeriod: grace ?? 0, hard: false, minReclaim: minReclaim.get(signal) });
  }
  const maxGrace = kubelet['evictionMaxPodGracePeriod'] === undefined ? 0 : ctx.atLeast([...path, 'evictionMaxPodGracePeriod'], kubelet['evictionMaxPodGracePeriod'], 'integer', 0);
  const transition = kubelet['evictionPressureTransitionPeriod'] === undefined
    ? defaultEvictionPressureTransitionPeriod
    : ctx.atLeast([...path, 'evictionPressureTransitionPeriod'], kubelet['evictionPressureTransitionPeriod'], 'duration', 0);
  return { thresholds, evictionMaxPodGracePeriod: maxGrace, evictionPressureTransitionPeriod: transition, housekeepingInterval: defaultHousekeepingInterval };
}
