/** `cluster.controllerManager` of a scenario: kube-controller-manager's flags under their upstream names, compiled to the controllers' config. */
import { defaultControllerManagerConfig, type ControllerManagerConfig } from '../controllers/controller-manager-config.js';
import type { CompileContext } from './compile-context.js';
import type { FieldPath } from './input-error.js';
import { expr } from './schema-primitives.js';

/** Schema of `cluster.controllerManager`. */
export const controllerManagerSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { 'kube-api-qps': expr, 'kube-api-burst': expr, 'concurrent-replicaset-syncs': expr, 'concurrent-deployment-syncs': expr, 'concurrent-statefulset-syncs': expr,
    'concurrent-job-syncs': expr, 'concurrent-ttl-after-finished-syncs': expr,
    'concurrent-daemonset-syncs': expr,
    'concurrent-horizontal-pod-autoscaler-syncs': expr, 'horizontal-pod-autoscaler-sync-period': expr, 'horizontal-pod-autoscaler-tolerance': expr,
    'horizontal-pod-autoscaler-cpu-initialization-period': expr, 'horizontal-pod-autoscaler-initial-readiness-delay': expr, 'horizontal-pod-autoscaler-downscale-stabilization': expr,
  },
} as const;

/** Compiles `cluster.controllerManager` at `path` (absent: the defaults). */
export function compileControllerManager(ctx: CompileContext, path: FieldPath, raw: Record<string, unknown> | undefined): ControllerManagerConfig {
  const d = defaultControllerManagerConfig;
  const h = d.horizontalPodAutoscaler;
  if (raw === undefined) return d;
  const field = (name: string, kind: 'rate' | 'integer' | 'duration' | 'fraction', min: number, fallback: number): number => (raw[name] === undefined ? fallback : ctx.atLeast([...path, name], raw[name], kind, min));
  return {
    kubeApiQps: field('kube-api-qps', 'rate', 0, d.kubeApiQps),
    kubeApiBurst: field('kube-api-burst', 'integer', 1, d.kubeApiBurst),
    concurrentReplicaSetSyncs: field('concurrent-replicaset-syncs', 'integer', 1, d.concurrentReplicaSetSyncs),
    concurrentDeploymentSyncs: field('concurrent-deployment-syncs', 'integer', 1, d.concurrentDeploymentSyncs),
    concurrentStatefulSetSyncs: field('concurrent-statefulset-syncs', 'integer', 1, d.concurrentStatefulSetSyncs),
    concurrentJobSyncs: field('concurrent-job-syncs', 'integer', 1, d.concurrentJobSyncs),
    concurrentTtlAfterFinishedSyncs: field('concurrent-ttl-after-finished-syncs', 'integer', 1, d.concurrentTtlAfterFinishedSyncs),
    concurrentDaemonSetSyncs: field('concurrent-daemonset-syncs', 'integer', 1, d.concurrentDaemonSetSyncs),
    horizontalPodAutoscaler: {
      concurrentSyncs: field('concurrent-horizontal-pod-autoscaler-syncs', 'integer', 1, h.concurrentSyncs),
      syncPeriod: field('horizontal-pod-autoscaler-sync-period', 'duration', 1, h.syncPeriod),
      tolerance: field('horizontal-pod-autoscaler-tolerance', 'fraction', 0, h.tolerance),
      cpuInitializationPeriod: field('horizontal-pod-autoscaler-cpu-initialization-period', 'duration', 0, h.cpuInitializationPeriod),
      initialReadinessDelay: field('horizontal-pod-autoscaler-initial-readiness-delay', 'duration', 0, h.initialReadinessDelay),
      downscaleStabilization: field('horizontal-pod-autoscaler-downscale-stabilization', 'duration', 0, h.downscaleStabilization),
    },
  };
}
