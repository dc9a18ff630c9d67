/**
 * One admitted pod's life on its node, as the kubelet's pod worker and SyncPod drive it
 * (pkg/kubelet/pod_workers.go, kuberuntime/kuberuntime_manager.go): create the sandbox; run the
 * init containers in order, each to completion, except sidecars (init containers with
 * `restartPolicy: Always`), which only need to have started (and passed their startup probe);
 * start the app containers; probe them; restart exited containers under the pod's `restartPolicy`
 * with the CrashLoopBackOff delays; reach Succeeded or Failed when nothing will run again.
 * Stopping the pod (deletion, eviction) is in pod-termination.ts. Status goes out through the
 * host when it changed.
 */
import type { Condition, ContainerStatus, Pod } from '../../api/objects.js';
import type { Distribution } from '../../engine/distribution.js';
import type { EventHandle, Micros } from '../../engine/simulation.js';
import { ContainerRecord } from './container-record.js';
import type { PodWorkerHost } from './pod-worker-host.js';
import { podStatus } from './pod-status.js';
import { ProbeWorker, type ProbeTarget, type ProbeType } from './probe-worker.js';
import { timeToReach } from './usage-curve.js';

/** Where the pod's start has got to. */
export type PodStage = 'sandbox' | 'init' | 'apps' | 'running' | 'terminating' | 'terminated';

/** Why a container stopped. */
interface Exit {
  readonly exitCode: number;
  readonly reason: string;
  /** The metric reason of a restart (LivenessProbe, StartupProbe, OOMKilled, Error, Completed). */
  readonly cause: string;
}

/** An admitted pod on its kubelet. */
export class PodWorker {
  stage: PodStage = 'sandbox';
  pod: Pod;
  readonly init: ContainerRecord[];
  readonly apps: ContainerRecord[];
  readonly startTime: Micros;
  /** Phase and reason once terminal. */
  terminal: { phase: 'Succeeded' | 'Failed'; reason?: string; message?: string } | undefined;
  /** The pod conditions last sent (their transition times carry over). */
  conditions: readonly Condition[];
  /** Its requests went back to the node. */
  released = false;
  private initIndex = 0;
  /** The last status PATCHed (undefined before the first). */
  private lastSent: Pod['status'] | undefined;
  private reportedRunning = false;
  /** The sandbox step while it is pending. */
  private sandboxStep: EventHandle | undefined;

  constructor(readonly host: PodWorkerHost, pod: Pod, readonly key: string) {
    this.pod = pod;
    this.conditions = pod.status.conditions;
    this.startTime = host.sim.now;
    this.init = (pod.spec.initContainers ?? []).map((c) => new ContainerRecord(c, c.restartPolicy === 'Always' ? 'sidecar' : 'init'));
    this.apps = pod.spec.containers.map((c) => new ContainerRecord(c, 'app'));
  }

  /** Starts the pod: the sandbox step, then its containers (the kubelet calls it once admission and DRA preparation are done). */
  begin(): void {
    if (this.stage !== 'sandbox') return;
    this.sandboxStep = this.host.after(this.host.sandboxLatency(), () => {
      this.sandboxStep = undefined;
      this.nextInit();
    });
  }

  /** Every container record, init containers first. */
  get containers(): ContainerRecord[] {
    return [...this.init, ...this.apps];
  }

  /** Whether the pod will run nothing more (terminal or stopped). */
  get done(): boolean {
    return this.stage === 'terminated';
  }

  /** Cancels the start steps that have not happened yet. */
  cancelPending(): void {
    if (this.sandboxStep !== undefined) this.host.sim.cancel(this.sandboxStep);
    this.sandboxStep = undefined;
  }

  private nextInit(): void {
    if (this.stage !== 'sandbox' && this.stage !== 'init') return;
    this.stage = 'init';
    const c = this.init[this.initIndex];
    if (c === undefined) return this.startApps();
    this.startContainers([c], true);
  }

  private startApps(): void {
    this.stage = 'apps';
    this.flush();
    this.startContainers(this.apps, true);
  }

  /** Starts containers (the first time, or one again after it exited). */
  private startContainers(records: ContainerRecord[], first: boolean): void {
    for (const r of records) r.state = { state: 'waiting', reason: 'ContainerCreating' };
    let started = false;
    const start = this.host.starter.start(
      this.key,
      this.pod,
      records.length === this.apps.length && records.every((r, i) => r === this.apps[i]) ? this.pod.spec.containers : records.map((r) => r.spec),
      first,
      () => {
        // Started: nothing of this start is left to cancel, so its handle (and what it holds) can go.
        started = true;
        for (const r of records) r.start = undefined;
        if (this.stage === 'terminating' || this.stage === 'terminated') return;
        for (const r of records) this.running(r);
        if (records[0]?.role === 'app' && this.stage === 'apps') {
          this.stage = 'running';
          this.host.podStarted(this);
        }
        this.flush();
      },
      (reason) => {
        for (const r of records) r.state = { state: 'waiting', reason };
        this.flush();
      },
    );
    // A start that completed at once (a first start without the image model) leaves nothing to cancel.
    if (!started) for (const r of records) r.start = start;
  }

  /** A container's process runs: probes, its own exit, its OOM kill. */
  private running(r: ContainerRecord): void {
    const now = this.host.sim.now;
    const gen = ++r.generation;
    const b = r.spec.behavior;
    r.state = { state: 'running', startedAt: now };
    r.startedAt = now;
    r.readyAt = b?.readyAfter === undefined ? 0 : Math.max(0, Math.round(b.readyAfter.sample(this.host.appRng)));
    r.startupSucceeded = r.spec.startupProbe === undefined;
    r.readinessSucceeded = r.spec.readinessProbe === undefined;
    const target = this.probeTarget(r, gen);
    if (r.role !== 'init') {
      if (r.spec.startupProbe !== undefined) r.workers.push(new ProbeWorker(this.host.probes, 'Startup', r.spec.startupProbe, now, target));
      if (r.spec.readinessProbe !== undefined) r.workers.push(new ProbeWorker(this.host.probes, 'Readiness', r.spec.readinessProbe, now, target));
      if (r.spec.livenessProbe !== undefined) r.workers.push(new ProbeWorker(this.host.probes, 'Liveness', r.spec.livenessProbe, now, target));
    }
    const exitAfter = exitDelay(r.role === 'init' ? (b?.exitAfter ?? 0) : b?.exitAfter, this.host);
    if (exitAfter !== undefined) {
      const fails = b?.failureProbability !== undefined && this.host.appRng.next() < b.failureProbability;
      const code = fails ? (b?.failureExitCode ?? 1) : (b?.exitCode ?? 0);
      r.timers.push(this.host.after(exitAfter, () => this.exited(r, gen, { exitCode: code, reason: code === 0 ? 'Completed' : 'Error', cause: code === 0 ? 'Completed' : 'Error' })));
    }
    const limit = r.spec.resources.limits['memory'];
    const oomAt = limit === undefined ? undefined : timeToReach(b?.memory, limit);
    if (oomAt !== undefined && (exitAfter === undefined || oomAt < exitAfter)) {
      r.timers.push(this.host.after(oomAt, () => {
        this.host.metrics.oomKill().inc();
        this.exited(r, gen, { exitCode: 137, reason: 'OOMKilled', cause: 'OOMKilled' });
      }));
    }
    // A sidecar without a startup probe lets the next init container start at once.
    if (r.role === 'sidecar' && r.startupSucceeded && this.stage === 'init' && this.init[this.initIndex] === r) this.advanceInit();
  }

  private advanceInit(): void {
    this.initIndex++;
    this.nextInit();
  }

  private probeTarget(r: ContainerRecord, gen: number): ProbeTarget {
    return {
      answer: (type, t) => r.answer(type, t),
      get startupSucceeded() {
        return r.startupSucceeded;
      },
      probed: (type, success) => this.host.metrics.probe(type, success).inc(),
      resultChanged: (type, success) => this.probeResult(r, gen, type, success),
    };
  }

  private probeResult(r: ContainerRecord, gen: number, type: ProbeType, success: boolean): void {
    if (gen !== r.generation || !r.running) return;
    if (type === 'Readiness') r.readinessSucceeded = success;
    else if (type === 'Startup' && success) {
      r.startupSucceeded = true;
      for (const w of r.workers) if (w.type === 'Startup') w.stop();
      if (r.role === 'sidecar' && this.stage === 'init' && this.init[this.initIndex] === r) this.advanceInit();
    } else if (!success) {
      // Liveness or startup failure: the kubelet kills the container (SIGTERM, then SIGKILL after the grace period).
      const grace = (this.pod.spec.terminationGracePeriodSeconds ?? 30) * 1e6;
      const shutdown = r.spec.behavior?.shutdownAfter ?? 0;
      const killed = shutdown > grace;
      this.stopProbes(r);
      r.timers.push(this.host.after(Math.min(shutdown, grace), () =>
        this.exited(r, gen, { exitCode: killed ? 137 : 143, reason: 'Error', cause: type === 'Liveness' ? 'LivenessProbe' : 'StartupProbe' }),
      ));
      return;
    }
    this.flush();
  }

  /** Stops a container's probes and timers. */
  stopProbes(r: ContainerRecord): void {
    for (const w of r.workers) w.stop();
    r.workers.length = 0;
  }

  private clearTimers(r: ContainerRecord): void {
    for (const h of r.timers) this.host.sim.cancel(h);
    r.timers.length = 0;
  }

  /** A container's process exited on its own, by a probe kill or an OOM kill. */
  private exited(r: ContainerRecord, gen: number, exit: Exit): void {
    if (gen !== r.generation || !r.running || r.stopping) return;
    const now = this.host.sim.now;
    r.generation++;
    this.stopProbes(r);
    this.clearTimers(r);
    r.deadBytes = this.host.ephemeralUsage(r, now);
    r.state = { state: 'terminated', exitCode: exit.exitCode, reason: exit.reason, ...(r.startedAt === undefined ? {} : { startedAt: r.startedAt }), finishedAt: now };
    const policy = this.pod.spec.restartPolicy ?? 'Always';
    const restart = r.role === 'sidecar' || policy === 'Always' || (policy === 'OnFailure' && exit.exitCode !== 0);
    if (r.role === 'init' && exit.exitCode === 0) {
      this.flush();
      if (this.stage === 'init' && this.init[this.initIndex] === r) this.advanceInit();
      return;
    }
    if (!restart) {
      if (r.role === 'init') return this.finish('Failed');
      // The last app container to exit makes the pod terminal: one status with the terminal phase
      // goes out (as the status manager sends the latest status), not a Running one just before it
      // that the apiserver could apply after it.
      if (this.apps.every((a) => a.state.state === 'terminated')) return this.maybeFinished();
      this.flush();
      return;
    }
    const delay = this.host.backoff.restartDelay(`${this.key}/${r.spec.name}`, now);
    r.lastState = r.state;
    const restartNow = (): void => {
      r.timers.length = 0;
      if (this.stage === 'terminating' || this.stage === 'terminated') return;
      this.host.metrics.restart(exit.cause).inc();
      r.restartCount++;
      this.startContainers([r], false);
      this.flush();
    };
    if (delay > 0) {
      r.state = { state: 'waiting', reason: 'CrashLoopBackOff' };
      this.flush();
      r.timers.push(this.host.after(delay, restartNow));
    } else restartNow();
  }

  /** All app containers exited for good: the pod is Succeeded or Failed (sidecars are stopped). */
  private maybeFinished(): void {
    if (this.apps.some((r) => r.state.state !== 'terminated')) return;
    const ok = this.apps.every((r) => r.state.exitCode === 0);
    this.finish(ok ? 'Succeeded' : 'Failed');
  }

  /** The pod is terminal: containers stop, resources go back to the node. */
  finish(phase: 'Succeeded' | 'Failed', reason?: string, message?: string): void {
    if (this.stage === 'terminated') return;
    this.cancelPending();
    const now = this.host.sim.now;
    for (const r of this.containers) {
      this.stopProbes(r);
      this.clearTimers(r);
      r.generation++;
      if (r.state.state === 'running') {
        r.deadBytes = this.host.ephemeralUsage(r, now);
        r.state = { state: 'terminated', exitCode: 137, reason: 'Error', ...(r.startedAt === undefined ? {} : { startedAt: r.startedAt }), finishedAt: now };
      }
    }
    this.stage = 'terminated';
    this.terminal = { phase, ...(reason === undefined ? {} : { reason }), ...(message === undefined ? {} : { message }) };
    this.flush();
    this.host.podTerminated(this);
  }

  /** The pod's status may have changed: PATCHes it when it differs from the last one sent (as the status manager does). */
  flush(): void {
    this.sendStatus();
  }

  private sendStatus(): void {
    // Before the app containers have all started only init progress is reported (a pod without init containers gets one PATCH for its start).
    const running = this.stage === 'running' || this.stage === 'terminating' || this.reportedRunning;
    if (!running && this.terminal === undefined && (this.init.length === 0 || this.stage === 'sandbox')) return;
    this.reportedRunning ||= running;
    const status = podStatus(this, this.host.sim.now);
    if (this.lastSent !== undefined && sameReportedStatus(status, this.lastSent)) return;
    this.lastSent = status;
    this.host.sendStatus(this, status);
  }
}

/** The run time of one start: the behavior's fixed `exitAfter`, or a draw from its distribution. */
function exitDelay(exitAfter: number | Distribution | undefined, host: PodWorkerHost): number | undefined {
  if (exitAfter === undefined || typeof exitAfter === 'number') return exitAfter;
  return Math.max(0, Math.round(exitAfter.sample(host.appRng)));
}

/** Whether two statuses differ in nothing worth a PATCH: phase, reason, condition statuses, container states. */
function sameReportedStatus(a: Pod['status'], b: Pod['status']): boolean {
  if (a.phase !== b.phase || (a.reason ?? '') !== (b.reason ?? '') || a.conditions.length !== b.conditions.length) return false;
  for (let i = 0; i < a.conditions.length; i++) {
    const x = a.conditions[i] as Condition;
    const y = b.conditions[i] as Condition;
    if (x.type !== y.type || x.status !== y.status) return false;
  }
  return sameContainerStatuses(a.initContainerStatuses ?? [], b.initContainerStatuses ?? []) && sameContainerStatuses(a.containerStatuses ?? [], b.containerStatuses ?? []);
}

function sameContainerStatuses(a: readonly ContainerStatus[], b: readonly ContainerStatus[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as ContainerStatus;
    const y = b[i] as ContainerStatus;
    if (x.name !== y.name || x.state.state !== y.state.state || (x.state.reason ?? '') !== (y.state.reason ?? '') || x.ready !== y.ready || x.restartCount !== y.restartCount) return false;
  }
  return true;
}
