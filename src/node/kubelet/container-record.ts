/**
 * One container of a pod on its node: its spec and modelled application, restart count, current
 * and last state, probe workers and pending timers. It answers probes from the application
 * model: up (answering liveness and startup probes) once its ready time has passed, ready too
 * unless it never becomes ready, and answering nothing once it hangs.
 */
import type { Container, ContainerState, ContainerStatus } from '../../api/objects.js';
import type { EventHandle, Micros } from '../../engine/simulation.js';
import type { ContainerStart } from './container-starter.js';
import type { ProbeType, ProbeWorker } from './probe-worker.js';

/** Where a container sits in its pod. */
export type ContainerRole = 'init' | 'sidecar' | 'app';

/** A container's runtime record. */
export class ContainerRecord {
  restartCount = 0;
  state: ContainerState = { state: 'waiting', reason: 'PodInitializing' };
  lastState: ContainerState | undefined;
  /** µs after start when the application answers probes (drawn at each start). */
  readyAt: Micros = 0;
  startedAt: Micros | undefined;
  startupSucceeded = true;
  readinessSucceeded = true;
  /** Exits while the pod is being stopped are expected, not restarts. */
  stopping = false;
  readonly workers: ProbeWorker[] = [];
  readonly timers: EventHandle[] = [];
  start: ContainerStart | undefined;
  /** Bumped at each start and stop so stale callbacks can tell. */
  generation = 0;
  /** Ephemeral storage the exited container still holds (writable layer and logs) until container GC. */
  deadBytes = 0;

  constructor(readonly spec: Container, readonly role: ContainerRole) {}

  /** The container's process runs. */
  get running(): boolean {
    return this.state.state === 'running';
  }

  /** v1 ContainerStatus.ready. */
  get ready(): boolean {
    return this.running && this.startupSucceeded && this.readinessSucceeded;
  }

  /** Whether the application answers a probe of `type` `t` µs after start. */
  answer(type: ProbeType, t: Micros): boolean | 'hung' {
    const b = this.spec.behavior;
    if (b?.unhealthyAfter !== undefined && t >= b.unhealthyAfter) return 'hung';
    if (t < this.readyAt) return false;
    return type === 'Readiness' ? b?.neverReady !== true : true;
  }

  /** The v1 status of this container. */
  status(): ContainerStatus {
    return {
      name: this.spec.name,
      ready: this.ready,
      started: this.running && this.startupSucceeded,
      restartCount: this.restartCount,
      state: this.state,
      ...(this.lastState === undefined ? {} : { lastState: this.lastState }),
    };
  }
}
