/**
 * kube-controller-manager's flags that shape the workload controllers (`cluster.controllerManager`
 * in a scenario, with the flag names): the client's `kube-api-qps` 20 and `kube-api-burst` 30, and
 * the workers of each controller, `concurrent-replicaset-syncs` 5 and `concurrent-deployment-syncs`
 * 5, `concurrent-statefulset-syncs` 5 (cmd/kube-controller-manager/app/options, defaults of v1.30+).
 */
import type { CompileContext } from '../scenario/compile-context.js';
import type { FieldPath } from '../scenario/input-error.js';
import { expr } from '../scenario/schema-primitives.js';

/** The compiled flags. */
export interface ControllerManagerConfig {
  readonly kubeApiQps: number;
  readonly kubeApiBurst: number;
  readonly concurrentReplicaSetSyncs: number;
  readonly concurrentDeploymentSyncs: number;
  readonly concurrentStatefulSetSyncs: number;
}

/** Upstream defaults. */
export const defaultControllerManagerConfig: ControllerManagerConfig = { kubeApiQps: 20, kubeApiBurst: 30, concurrentReplicaSetSyncs: 5, concurrentDeploymentSyncs: 5, concurrentStatefulSetSyncs: 5 };

/** Schema of `cluster.controllerManager`. */
export const controllerManagerSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { 'kube-api-qps': expr, 'kube-api-burst': expr, 'concurrent-replicaset-syncs': expr, 'concurrent-deployment-syncs': expr, 'concurrent-statefulset-syncs': expr },
} as const;

/** Compiles `cluster.controllerManager` at `path` (absent: the defaults). */
export function compileControllerManager(ctx: CompileContext, path: FieldPath, raw: Record<string, unknown> | undefined): ControllerManagerConfig {
  const d = defaultControllerManagerConfig;
  if (raw === undefined) return d;
  const field = (name: string, kind: 'rate' | 'integer', min: number, fallback: number): number => (raw[name] === undefined ? fallback : ctx.atLeast([...path, name], raw[name], kind, min));
  return {
    kubeApiQps: field('kube-api-qps', 'rate', 0, d.kubeApiQps),
    kubeApiBurst: field('kube-api-burst', 'integer', 1, d.kubeApiBurst),
    concurrentReplicaSetSyncs: field('concurrent-replicaset-syncs', 'integer', 1, d.concurrentReplicaSetSyncs),
    concurrentDeploymentSyncs: field('concurrent-deployment-syncs', 'integer', 1, d.concurrentDeploymentSyncs),
    concurrentStatefulSetSyncs: field('concurrent-statefulset-syncs', 'integer', 1, d.concurrentStatefulSetSyncs),
  };
}
