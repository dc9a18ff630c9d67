/**
 * kube-controller-manager for the workload controllers: shared informers over the object store,
 * the ReplicaSet, Deployment, StatefulSet, Job and DaemonSet controllers (each with its work queue, its workers and its own
 * client at the manager's QPS and burst, as the controller client builder gives every controller
 * one), the garbage collector's cascading deletes, and the rollout and Job measurements (rollout-tracker.ts, job/job-tracker.ts). A run starts it only when its workload
 * has controller-owned objects, so other runs are unchanged.
 */
import type { ObjectStore } from '../api/object-store.js';
import type { ApiServerEndpoint } from '../controlplane/apiserver/request.js';
import { RestClient } from '../controlplane/rest-client.js';
import type { RandomStreams } from '../engine/rng.js';
import type { Simulation } from '../engine/simulation.js';
import type { MetricsSink } from '../metrics/sink.js';
import type { ControllerContext } from './controller-context.js';
import type { ControllerManagerConfig } from './controller-manager-config.js';
import { DeploymentController, deploymentControllerUser } from './deployment/deployment-controller.js';
import { DisruptionController, disruptionControllerUser } from './disruption/disruption-controller.js';
import { DisruptionTracker } from './disruption/disruption-tracker.js';
import { GarbageCollector, garbageCollectorUser } from './garbage-collector.js';
import { JobController, jobControllerUser } from './job/job-controller.js';
import { JobTracker } from './job/job-tracker.js';
import { TtlAfterFinishedController, ttlAfterFinishedControllerUser } from './job/ttl-after-finished-controller.js';
import { SharedInformerFactory } from './informer.js';
import { StatefulSetController, statefulSetControllerUser } from './statefulset/stateful-set-controller.js';
import { RolloutTracker } from './rollout-tracker.js';
import { DaemonSetController, daemonSetControllerUser } from './daemonset/daemon-set-controller.js';
import { DaemonSetRolloutTracker } from './daemonset/daemon-set-rollout-tracker.js';
import { HorizontalController, horizontalPodAutoscalerUser } from './podautoscaler/horizontal-controller.js';
import type { PodMetricsLister } from '../controlplane/metrics-server/pod-metrics.js';
import { ReplicaSetController, replicaSetControllerUser } from './replicaset/replica-set-controller.js';

/** The running controllers. */
export class ControllerManager {
  readonly informers: SharedInformerFactory;
  readonly replicaSetController: ReplicaSetController;
  readonly deploymentController: DeploymentController;
  readonly statefulSetController: StatefulSetController;
  /** The rollout measurements. */
  readonly rollouts: RolloutTracker;
  /** The disruption controller, once the workload has PodDisruptionBudgets (startDisruptionController). */
  disruptionController: DisruptionController | undefined;
  /** The budgets' lowest healthy pods while drains run, with the disruption controller. */
  disruptionTracker: DisruptionTracker | undefined;
  /** The DaemonSet controller, once the workload has DaemonSets (its Node informer would cost other runs a watch). */
  daemonSetController: DaemonSetController | undefined;
  /** The DaemonSet rollout measurements. */
  readonly daemonSetRollouts: DaemonSetRolloutTracker;
  /** The horizontal pod autoscaler, once the workload has autoscalers. */
  horizontalController: HorizontalController | undefined;
  private readonly context: (name: string, user: string) => ControllerContext;
  /** The Job controller. */
  readonly jobController: JobController;
  /** The Job measurements. */
  readonly jobs: JobTracker;

  constructor(private readonly sim: Simulation, store: ObjectStore, apiserver: ApiServerEndpoint, private readonly metrics: MetricsSink, streams: RandomStreams, private readonly config: ControllerManagerConfig) {
    this.informers = new SharedInformerFactory(store);
    const context = (name: string, user: string): ControllerContext => ({
      sim,
      informers: this.informers,
      client: new RestClient(sim, apiserver, metrics, 'kube-controller-manager', { qps: config.kubeApiQps, burst: config.kubeApiBurst }),
      user,
      random: streams.stream(`controller-manager/${name}`),
    });
    this.context = context;
    this.replicaSetController = new ReplicaSetController(context('replicaset', replicaSetControllerUser), config.concurrentReplicaSetSyncs);
    this.deploymentController = new DeploymentController(context('deployment', deploymentControllerUser), config.concurrentDeploymentSyncs);
    this.statefulSetController = new StatefulSetController(context('statefulset', statefulSetControllerUser), config.concurrentStatefulSetSyncs);
    this.jobController = new JobController(context('job', jobControllerUser), config.concurrentJobSyncs, metrics);
    new TtlAfterFinishedController(context('ttlafterfinished', ttlAfterFinishedControllerUser), config.concurrentTtlAfterFinishedSyncs);
    new GarbageCollector(context('garbagecollector', garbageCollectorUser));
    this.rollouts = new RolloutTracker(sim, this.informers, metrics);
    this.jobs = new JobTracker(this.informers, metrics);
    this.daemonSetRollouts = new DaemonSetRolloutTracker(sim, this.informers, metrics);
    this.informers.start();
  }

  /** Starts the disruption controller (once): the workload applies PodDisruptionBudgets. */
  startDisruptionController(): DisruptionController {
    if (this.disruptionController === undefined) {
      this.disruptionController = new DisruptionController(this.context('disruption', disruptionControllerUser));
      this.disruptionTracker = new DisruptionTracker(this.sim, this.informers, this.metrics);
      this.informers.start();
    }
    return this.disruptionController;
  }

  /** Starts the DaemonSet controller (once). */
  startDaemonSetController(): DaemonSetController {
    if (this.daemonSetController !== undefined) return this.daemonSetController;
    this.daemonSetController = new DaemonSetController(this.context('daemonset', daemonSetControllerUser), this.config.concurrentDaemonSetSyncs);
    this.informers.start();
    return this.daemonSetController;
  }

  /** Starts the horizontal pod autoscaler (once), reading usage from `metricsApi`. */
  startHorizontalPodAutoscaler(metricsApi: PodMetricsLister): HorizontalController {
    if (this.horizontalController !== undefined) return this.horizontalController;
    this.horizontalController = new HorizontalController(this.context('horizontal-pod-autoscaler', horizontalPodAutoscalerUser), this.config.horizontalPodAutoscaler, metricsApi, this.metrics);
    this.informers.start();
    return this.horizontalController;
  }

  /** Stops the informers' watches. */
  stop(): void {
    this.informers.stop();
  }
}
