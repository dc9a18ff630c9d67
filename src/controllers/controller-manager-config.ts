/**
 * kube-controller-manager's flags that shape the workload controllers (`cluster.controllerManager`
 * in a scenario, with the flag names): the client's `kube-api-qps` 20 and `kube-api-burst` 30, and
 * the workers of each controller, `concurrent-replicaset-syncs` 5 and `concurrent-deployment-syncs`
 * 5, `concurrent-statefulset-syncs` 5, `concurrent-job-syncs` 5, `concurrent-ttl-after-finished-syncs` 5 (cmd/kube-controller-manager/app/options, defaults of v1.30+).
 */
/** The compiled flags. */
export interface ControllerManagerConfig {
  readonly kubeApiQps: number;
  readonly kubeApiBurst: number;
  readonly concurrentReplicaSetSyncs: number;
  readonly concurrentDeploymentSyncs: number;
  readonly concurrentStatefulSetSyncs: number;
  readonly concurrentJobSyncs: number;
  readonly concurrentTtlAfterFinishedSyncs: number;
}

/** Upstream defaults. */
export const defaultControllerManagerConfig: ControllerManagerConfig = { kubeApiQps: 20, kubeApiBurst: 30, concurrentReplicaSetSyncs: 5, concurrentDeploymentSyncs: 5, concurrentStatefulSetSyncs: 5,
  concurrentJobSyncs: 5, concurrentTtlAfterFinishedSyncs: 5 };
