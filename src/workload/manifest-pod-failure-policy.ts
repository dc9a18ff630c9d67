/**
 * A Job manifest's `podFailurePolicy`: its schema and its checks as the apiserver validates it
 * (pkg/apis/batch/validation/validation.go validatePodFailurePolicy, with its messages): at most
 * 20 rules, each with one of onExitCodes and onPodConditions; exit codes non-empty, unique,
 * ordered, no 0 for In, naming a container of the template; onPodConditions' status defaulting to
 * True. FailIndex (per-index backoff) is not modelled.
 */
import type { PodFailurePolicyRule } from '../api/batch.js';
import type { CompileContext } from '../scenario/compile-context.js';
import type { FieldPath } from '../scenario/input-error.js';

/** Schema of `spec.podFailurePolicy`. */
export const podFailurePolicySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    rules: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          action: { enum: ['FailJob', 'Ignore', 'Count', 'FailIndex'] },
          onExitCodes: { type: 'object', additionalProperties: false, properties: { containerName: { type: 'string' }, operator: { enum: ['In', 'NotIn'] }, values: { type: 'array', items: { type: 'integer' } } } },
          onPodConditions: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { type: 'string' }, status: { enum: ['True', 'False', 'Unknown'] } } } },
        },
      },
    },
  },
} as const;

/** maxPodFailurePolicyRules and maxPodFailurePolicyOnExitCodesValues (validation.go). */
const maxRules = 20;
const maxValues = 255;

interface RawRule {
  action?: PodFailurePolicyRule['action'];
  onExitCodes?: { containerName?: string; operator?: 'In' | 'NotIn'; values?: number[] };
  onPodConditions?: { type: string; status?: 'True' | 'False' | 'Unknown' }[];
}

/** The checked rules of the policy at `path` (`containers`: the template's container and init container names), with defaults set. */
export function compilePodFailurePolicy(ctx: CompileContext, path: FieldPath, raw: { rules?: RawRule[] }, containers: readonly string[], perIndex: boolean): PodFailurePolicyRule[] {
  const rules = raw.rules ?? [];
  const rp = [...path, 'rules'];
  if (rules.length > maxRules) ctx.problem(rp, `Too many: ${rules.length}: must have at most ${maxRules} items`);
  const out: PodFailurePolicyRule[] = [];
  rules.forEach((rule, i) => {
    const at = [...rp, i];
    if (rule.action === undefined) ctx.problem([...at, 'action'], 'Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]');
    else if (rule.action === 'FailIndex') ctx.problem([...at, 'action'], perIndex ? 'FailIndex is not modelled yet' : 'Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set');
    const codes = rule.onExitCodes;
    if (codes !== undefined) {
      const cp = [...at, 'onExitCodes'];
      if (codes.operator === undefined) ctx.problem([...cp, 'operator'], 'Required value: valid values: ["In" "NotIn"]');
      if (codes.containerName !== undefined && !containers.includes(codes.containerName)) {
        ctx.problem([...cp, 'containerName'], `Invalid value: ${JSON.stringify(codes.containerName)}: must be one of the container or initContainer names in the pod template`);
      }
      const values = codes.values ?? [];
      const vp = [...cp, 'values'];
      if (values.length === 0) ctx.problem(vp, 'Invalid value: []: at least one value is required');
      else if (values.length > maxValues) ctx.problem(vp, `Too many: ${values.length}: must have at most ${maxValues} items`);
      values.forEach((v, j) => {
        if (codes.operator === 'In' && v === 0) ctx.problem([...vp, j], 'Invalid value: 0: must not be 0 for the In operator');
        if (values.indexOf(v) !== j) ctx.problem([...vp, j], `Duplicate value: ${v}`);
      });
      if (values.some((v, j) => j > 0 && (values[j - 1] as number) > v)) ctx.problem(vp, `Invalid value: ${JSON.stringify(values)}: must be ordered`);
    }
    if (codes !== undefined && rule.onPodConditions !== undefined && rule.onPodConditions.length > 0) ctx.problem(at, 'Invalid value: specifying both OnExitCodes and OnPodConditions is not supported');
    if (codes === undefined && (rule.onPodConditions ?? []).length === 0) ctx.problem(at, 'Invalid value: specifying one of OnExitCodes and OnPodConditions is required');
    out.push({
      action: rule.action ?? 'Count',
      ...(codes === undefined ? {} : { onExitCodes: { ...(codes.containerName === undefined ? {} : { containerName: codes.containerName }), operator: codes.operator ?? 'In', values: codes.values ?? [] } }),
      ...(rule.onPodConditions === undefined ? {} : { onPodConditions: rule.onPodConditions.map((c) => ({ type: c.type, status: c.status ?? 'True' })) }),
    });
  });
  return out;
}
