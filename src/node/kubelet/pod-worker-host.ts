/** What a pod worker needs from its kubelet: time, starters, back-off, probes, metrics and the API. */
import type { Pod } from '../../api/objects.js';
import type { RandomStream } from '../../engine/rng.js';
import type { EventHandle, Micros, Simulation } from '../../engine/simulation.js';
import type { ContainerRecord } from './container-record.js';
import type { ContainerStarter } from './container-starter.js';
import type { CrashLoopBackOff } from './crash-loop-backoff.js';
import type { KubeletMetrics } from './kubelet-metrics.js';
import type { PodWorker } from './pod-worker.js';
import type { ProbeRuntime } from './probe-worker.js';

/** The kubelet side of a pod worker. */
export interface PodWorkerHost {
  readonly sim: Simulation;
  readonly probes: ProbeRuntime;
  readonly starter: ContainerStarter;
  readonly backoff: CrashLoopBackOff;
  readonly metrics: KubeletMetrics;
  /** Draws of the applications' ready times. */
  readonly appRng: RandomStream;
  /** Runs `fn` after `delay` µs; the handle cancels it. */
  after(delay: Micros, fn: () => void): EventHandle;
  /** Draws the sandbox step's duration. */
  sandboxLatency(): Micros;
  /** Ephemeral storage a container uses at `now`. */
  ephemeralUsage(r: ContainerRecord, now: Micros): number;
  /** PATCHes the pod's status. */
  sendStatus(w: PodWorker, status: Pod['status']): void;
  /** The pod's app containers all started the first time. */
  podStarted(w: PodWorker): void;
  /** The pod reached a terminal phase (its requests go back to the node). */
  podTerminated(w: PodWorker): void;
}
