/**
 * kube-controller-manager's flags that shape the workload controllers (`cluster.controllerManager`
 * in a scenario, with the flag names): the client's `kube-api-qps` 20 and `kube-api-burst` 30, and
 * the workers of each controller, `concurrent-replicaset-syncs` 5 and `concurrent-deployment-syncs`
 * 5, `concurrent-statefulset-syncs` 5, `concurrent-job-syncs` 5, `concurrent-ttl-after-finished-syncs` 5 (cmd/kube-controller-manager/app/options, defaults of v1.30+),
 * `concurrent-daemonset-syncs` 2; the horizontal pod autoscaler's `concurrent-horizontal-pod-autoscaler-syncs` 5,
 * `horizontal-pod-autoscaler-sync-period` 15 s, `-tolerance` 0.1, `-cpu-initialization-period` 5 min,
 * `-initial-readiness-delay` 30 s and `-downscale-stabilization` 5 min.
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
  readonly concurrentDaemonSetSyncs: number;
  readonly horizontalPodAutoscaler: HorizontalPodAutoscalerFlags;
}

/** The horizontal pod autoscaler's flags (durations in µs). */
export interface HorizontalPodAutoscalerFlags {
  readonly concurrentSyncs: number;
  readonly syncPeriod: number;
  readonly tolerance: number;
  readonly cpuInitializationPeriod: number;
  readonly initialReadinessDelay: number;
  readonly downscaleStabilization: number;
}

/** Upstream defaults. */
export const defaultControllerManagerConfig: ControllerManagerConfig = { kubeApiQps: 20, kubeApiBurst: 30, concurrentReplicaSetSyncs: 5, concurrentDeploymentSyncs: 5, concurrentStatefulSetSyncs: 5,
  concurrentJobSyncs: 5, concurrentTtlAfterFinishedSyncs: 5,
  concurrentDaemonSetSyncs: 2,
  horizontalPodAutoscaler: { concurrentSyncs: 5, syncPeriod: 15e6, tolerance: 0.1, cpuInitializationPeriod: 300e6, initialReadinessDelay: 30e6, downscaleStabilization: 300e6 },
};
