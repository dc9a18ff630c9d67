/**
 * kube-scheduler: watches nodes and pods, keeps its cache and scheduling queue, and runs one
 * scheduling attempt at a time, each taking the virtual time of the cost model; binding runs
 * asynchronously through the API. Profiles are chosen by the pod's `schedulerName`.
 */
import { objectKey, type Pod } from '../api/objects.js';
import type { ObjectStore, Watch, WatchEvent } from '../api/object-store.js';
import type { RestClient } from '../controlplane/rest-client.js';
import type { RandomStreams } from '../engine/rng.js';
import type { Handler, Micros, Simulation } from '../engine/simulation.js';
import type { Counter, Histogram, MetricsSink } from '../metrics/sink.js';
import { SchedulerCache } from './cache/scheduler-cache.js';
import type { SchedulerConfiguration } from './config/scheduler-configuration.js';
import { CycleState } from './framework/cycle-state.js';
import type { FrameworkHandle } from './framework/handle.js';
import { PodInfo } from './framework/pod-info.js';
import type { Status } from './framework/status.js';
import type { PluginProfiler } from './framework/plugin-profiler.js';
import type { QueuedPodInfo } from './framework/queued-pod-info.js';
import type { Registry } from './framework/registry.js';
import { Framework } from './framework/runtime.js';
import { SchedulingQueue } from './queue/scheduling-queue.js';
import { AttemptRecorder } from './attempt-recorder.js';
import { DraManager, draSchedulerMetrics } from '../dra/dra-manager.js';
import { Nominator } from './nominator.js';
import { preemptionVictimCount } from './plugins/default-preemption.js';
import { findNodesThatFitPod, fitErrorMessage, numFeasibleNodesToFind, rejectorPlugins, selectHost } from './schedule-one.js';

interface Attempt {
  readonly qpi: QueuedPodInfo;
  readonly fwk: Framework;
  readonly state: CycleState;
  readonly nodeName: string | undefined;
  readonly start: Micros;
  readonly cycle: number;
}

/** The kube-scheduler component. */
export class KubeScheduler {
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  readonly recorder: AttemptRecorder;
  readonly nominator = new Nominator();
  private readonly frameworks = new Map<string, Framework>();
  private nextStartNodeIndex = 0;
  private busy = false;
  private kicked = false;
  private readonly kick: Handler<null>;
  private readonly attemptDone: Handler<Attempt>;
  private readonly watches: Watch[];
  private readonly attemptHandles = new Map<string, { attempts: Counter; duration: Histogram }>();
  /** DRA informers shared by the profiles' DynamicResources plugins. */
  readonly dra: DraManager;

  constructor(
    private readonly sim: Simulation,
    store: ObjectStore,
    private readonly client: RestClient,
    private readonly metrics: MetricsSink,
    streams: RandomStreams,
    private readonly config: SchedulerConfiguration,
    registry: Registry,
  ) {
    this.recorder = new AttemptRecorder();
    // The queue does not exist yet while the DRA informers list what is there: nothing to requeue then.
    this.dra = new DraManager(store, (event) => (this.queue as SchedulingQueue | undefined)?.moveAllToActiveOrBackoffQueue(event), this.cache);
    this.dra.metrics = draSchedulerMetrics(metrics);
    for (const profile of config.profiles) {
      const rng = streams.stream(`scheduler/${profile.schedulerName}`);
      let fwk: Framework | undefined;
      const handle: FrameworkHandle = {
        snapshot: this.cache,
        now: () => sim.now,
        rng,
        send: (req, done) => client.send(req, done),
        runFilterPlugins: (state, pod, node) => this.nominator.runFilterWithNominatedPods(fwk as Framework, state, pod, node),
        runPreFilterExtensionAddPod: (state, pod, added, node) => (fwk as Framework).runPreFilterAddPod(state, pod, added, node),
        runPreFilterExtensionRemovePod: (state, pod, removed, node) => (fwk as Framework).runPreFilterRemovePod(state, pod, removed, node),
        podDisruptionBudgets: () => [],
        dra: this.dra,
      };
      fwk = new Framework(profile, registry, handle, config.costModel);
      this.frameworks.set(profile.schedulerName, fwk);
    }
    const first = this.frameworks.values().next().value as Framework;
    this.queue = new SchedulingQueue(
      sim,
      (a, b) => first.queueSort.less(a, b),
      (pod) => this.frameworks.get(pod.pod.spec.schedulerName)?.runPreEnqueue(pod) ?? null,
      metrics,
      { podInitialBackoff: config.podInitialBackoff, podMaxBackoff: config.podMaxBackoff, podMaxInUnschedulablePodsDuration: config.podMaxInUnschedulablePodsDuration },
    );
    this.kick = sim.register<null>(() => {
      this.kicked = false;
      this.scheduleOne();
    });
    this.attemptDone = sim.register<Attempt>((a) => this.finishAttempt(a));
    this.queue.onActive(() => this.wake());
    metrics.quantilesOverTime.add('scheduler_scheduling_attempt_duration_seconds');
    // Informers: an initial LIST of what exists, then the watch (the scheduler starts after its caches sync).
    this.watches = [store.watch('Node', (e) => this.onNode(e), { list: true }), store.watch('Pod', (e) => this.onPod(e), { list: true })];
  }

  /** Measures the plugins' real time with `profiler` (see PluginProfiler); undefined turns it off. */
  setProfiler(profiler: PluginProfiler | undefined): void {
    for (const fwk of this.frameworks.values()) fwk.profiler = profiler;
  }

  /** Stops watching and cancels queue timers. */
  stop(): void {
    for (const w of this.watches) w.stop();
    this.dra.stop();
    this.queue.close();
  }

  private onNode(e: WatchEvent<'Node'>): void {
    if (e.type === 'DELETED') {
      this.cache.removeNode(e.object.metadata.name);
      return;
    }
    const known = this.cache.get(e.object.metadata.name) !== undefined;
    this.cache.upsertNode(e.object);
    if (!known) this.dra.touchNode(e.object.metadata.name);
    this.queue.moveAllToActiveOrBackoffQueue(known ? 'NodeUpdate' : 'NodeAdd');
  }

  private onPod(e: WatchEvent<'Pod'>): void {
    const pod = e.object;
    const key = objectKey(pod.metadata);
    if (e.type === 'DELETED') {
      this.queue.delete(key);
      this.nominator.remove(key);
      const wasPlaced = this.cache.hasPod(key);
      this.cache.removePod(key);
      if (wasPlaced) this.queue.moveAllToActiveOrBackoffQueue('PodDelete');
      return;
    }
    if (pod.spec.nodeName !== undefined) {
      this.nominator.remove(key);
      const known = this.cache.nodeOf(key) === pod.spec.nodeName;
      this.queue.delete(key);
      if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') {
        this.cache.removePod(key);
        this.queue.moveAllToActiveOrBackoffQueue('PodDelete');
        return;
      }
      if (known) {
        this.cache.confirmPod(key, pod);
        return;
      }
      this.cache.addBoundPod(new PodInfo(pod), pod.spec.nodeName);
      this.queue.moveAllToActiveOrBackoffQueue('AssignedPodAdd');
      return;
    }
    if (!this.frameworks.has(pod.spec.schedulerName) || pod.status.phase !== 'Pending' || this.cache.hasPod(key)) return;
    const nominated = pod.status.nominatedNodeName;
    if (nominated !== undefined && nominated !== '') this.nominator.add(new PodInfo(pod), nominated);
    if (e.type === 'ADDED') this.queue.add(new PodInfo(pod));
    else this.queue.update(new PodInfo(pod));
  }

  private wake(): void {
    if (this.busy || this.kicked) return;
    this.kicked = true;
    this.sim.schedule(0, this.kick, null);
  }

  /** One scheduling attempt: decide now, finish after the attempt's virtual cost. */
  private scheduleOne(): void {
    if (this.busy) return;
    const qpi = this.queue.pop();
    if (qpi === undefined) return;
    const cycle = this.queue.schedulingCycle();
    const podInfo = qpi.podInfo;
    const fwk = this.frameworks.get(podInfo.pod.spec.schedulerName);
    if (fwk === undefined || this.cache.hasPod(podInfo.key)) {
      this.queue.done(podInfo.key);
      this.wake();
      return;
    }
    this.busy = true;
    const state = new CycleState();
    const nodes = this.cache.nodeInfoList;
    const pct = fwk.profile.percentageOfNodesToScore ?? this.config.percentageOfNodesToScore;
    const found = findNodesThatFitPod(fwk, state, podInfo, nodes, this.nextStartNodeIndex, numFeasibleNodesToFind(pct, nodes.length), this.nominator.nominatedNode(podInfo.key),
      this.nominator.empty ? undefined : (s, p, n) => this.nominator.runFilterWithNominatedPods(fwk, s, p, n));
    if (nodes.length > 0) this.nextStartNodeIndex = (this.nextStartNodeIndex + found.processed) % nodes.length;
    let nodeName: string | undefined;
    if (found.feasible.length === 0) {
      this.recorder.rejected(podInfo.key, nodes.length, found.statuses, found.preFilterStatus, fitErrorMessage(nodes.length, found.statuses, found.preFilterStatus));
      qpi.unschedulablePlugins = rejectorPlugins(found.statuses, found.preFilterStatus);
      this.preempt(fwk, state, podInfo, found.statuses);
    } else {
      let choice = { node: found.feasible[0], index: 0, runnerUp: -1 };
      const scored = found.feasible.length > 1 && fwk.runPreScore(state, podInfo, found.feasible) === null;
      if (scored) choice = selectHost(found.feasible, fwk.runScore(state, podInfo, found.feasible), fwk.handle.rng);
      const chosen = choice.node as NonNullable<typeof choice.node>;
      this.recorder.chosen(fwk, scored, podInfo.key, nodes.length, found.statuses, chosen.name, choice.index, choice.runnerUp, found.feasible);
      this.cache.assumePod(podInfo, chosen.name);
      const reserved = fwk.runReserve(state, podInfo, chosen.name);
      const permitted = reserved === null ? fwk.runPermit(state, podInfo, chosen.name).status : reserved;
      if (permitted === null) nodeName = chosen.name;
      else {
        if (reserved === null) fwk.runUnreserve(state, podInfo, chosen.name);
        this.cache.forgetPod(podInfo.key);
      }
    }
    const cost = Math.max(1, Math.round((this.config.costModel.cycleOverhead + fwk.takePluginCost(this.config.parallelism)) / 1000));
    this.sim.schedule(cost, this.attemptDone, { qpi, fwk, state, nodeName, start: this.sim.now, cycle });
  }

  private finishAttempt(a: Attempt): void {
    this.busy = false;
    const m = this.attemptMetrics(a.nodeName === undefined ? 'unschedulable' : 'scheduled', a.fwk.schedulerName);
    m.attempts.inc();
    m.duration.observe((this.sim.now - a.start) / 1e6);
    if (a.nodeName === undefined) {
      this.queue.addUnschedulableIfNotPresent(a.qpi, a.cycle);
      this.queue.done(a.qpi.podInfo.key);
    } else {
      this.bindingCycle(a, a.nodeName);
    }
    this.wake();
  }

  /** Metric handles per (result, profile), looked up once rather than per attempt. */
  private attemptMetrics(result: string, profile: string): { attempts: Counter; duration: Histogram } {
    const key = `${result}|${profile}`;
    let m = this.attemptHandles.get(key);
    if (m === undefined) {
      m = {
        attempts: this.metrics.counter('scheduler_schedule_attempts_total', { result, profile }, true),
        duration: this.metrics.histogram('scheduler_scheduling_attempt_duration_seconds', { result, profile }),
      };
      this.attemptHandles.set(key, m);
    }
    return m;
  }

  private bindingCycle(a: Attempt, nodeName: string): void {
    const { qpi, fwk, state } = a;
    const pod = qpi.podInfo;
    const fail = (): void => {
      fwk.runUnreserve(state, pod, nodeName);
      this.cache.forgetPod(pod.key);
      this.attemptMetrics('error', fwk.schedulerName).attempts.inc();
      this.queue.requeueWithBackoff(qpi);
      this.queue.done(pod.key);
    };
    fwk.runPreBindAsync(state, pod, nodeName, (preBound) => {
      if (preBound !== null) {
        fail();
        return;
      }
      fwk.runBind(state, pod, nodeName, (status) => {
        if (status !== null) {
          fail();
          return;
        }
        fwk.runPostBind(state, pod, nodeName);
        this.queue.done(pod.key);
        this.metrics.histogram('scheduler_pod_scheduling_sli_duration_seconds', { attempts: String(Math.min(qpi.attempts, 5)) }).observe((this.sim.now - qpi.initialAttemptTimestamp) / 1e6);
      });
    });
  }

  /** PostFilter (DefaultPreemption): on a nomination, record it on the pod through the API. */
  private preempt(fwk: Framework, state: CycleState, podInfo: PodInfo, statuses: Map<string, Status>): void {
    if (fwk.postFilter.length === 0) return;
    this.metrics.counter('scheduler_preemption_attempts_total', undefined, true).inc();
    const r = fwk.runPostFilter(state, podInfo, statuses);
    const nominated = r.nominatedNodeName;
    if (nominated === undefined || nominated === '') return;
    this.metrics.histogram('scheduler_preemption_victims').observe(preemptionVictimCount(r.status) ?? 0);
    this.nominator.add(podInfo, nominated);
    const pod: Pod = podInfo.pod;
    const m = pod.metadata;
    const body = { status: { ...pod.status, nominatedNodeName: nominated } };
    const req = { verb: 'PATCH' as const, kind: 'Pod' as const, subresource: 'status' as const, name: m.name, body, user: 'system:kube-scheduler' };
    this.client.send(m.namespace === undefined ? req : { ...req, namespace: m.namespace }, () => undefined);
  }
}
