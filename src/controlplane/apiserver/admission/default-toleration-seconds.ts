/**
 * The DefaultTolerationSeconds admission plugin (plugin/pkg/admission/defaulttolerationseconds,
 * enabled by default): a pod created without a toleration of the `node.kubernetes.io/not-ready`
 * or `node.kubernetes.io/unreachable` NoExecute taint gets one with `tolerationSeconds` 300
 * (kube-apiserver `--default-not-ready-toleration-seconds` and
 * `--default-unreachable-toleration-seconds`), so its node can be unreachable for five minutes
 * before the taint eviction controller deletes it.
 */
import type { Pod, Toleration } from '../../../api/objects.js';
import { withFields } from '../../../api/with-fields.js';

/** Taint key the node lifecycle controller sets while a node's Ready condition is False. */
export const taintNodeNotReady = 'node.kubernetes.io/not-ready';
/** Taint key the node lifecycle controller sets while a node's Ready condition is Unknown. */
export const taintNodeUnreachable = 'node.kubernetes.io/unreachable';
/** `--default-not-ready-toleration-seconds` and `--default-unreachable-toleration-seconds` default (300). */
export const defaultTolerationSeconds = 300;

/** True when `t` already tolerates the NoExecute taint `key` (an empty key or effect matches, as upstream checks). */
function covers(t: Toleration, key: string): boolean {
  return (t.key === undefined || t.key === '' || t.key === key) && (t.effect === undefined || t.effect === 'NoExecute');
}

/**
 * Admitted specs by the spec they came from (default seconds only). Pods made from one template
 * share its spec object, so they share the admitted one too rather than each carrying its own
 * copy of the two tolerations (specs are never changed in place).
 */
const admittedSpecs = new WeakMap<Pod['spec'], Pod['spec']>();

/** The pod as admitted on create: the default not-ready/unreachable tolerations added unless it has its own. */
export function admitDefaultTolerationSeconds<P extends Pick<Pod, 'spec'>>(pod: P, seconds = defaultTolerationSeconds): P {
  const memo = seconds === defaultTolerationSeconds;
  let spec = memo ? admittedSpecs.get(pod.spec) : undefined;
  if (spec === undefined) {
    spec = admittedSpec(pod.spec, seconds);
    if (memo) admittedSpecs.set(pod.spec, spec);
  }
  return spec === pod.spec ? pod : { ...pod, spec };
}

function admittedSpec(spec: Pod['spec'], seconds: number): Pod['spec'] {
  const tolerations = spec.tolerations ?? [];
  const added: Toleration[] = [];
  for (const key of [taintNodeNotReady, taintNodeUnreachable]) {
    if (!tolerations.some((t) => covers(t, key))) added.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
  }
  if (added.length === 0) return spec;
  return withFields(spec, { tolerations: [...tolerations, ...added] });
}
