/** A pod waiting in the scheduling queue (upstream framework.QueuedPodInfo). */
import type { Micros } from '../../engine/simulation.js';
import type { PodInfo } from './pod-info.js';

/** A queued pod with its queueing times and attempt history. */
export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** When the pod was (re)added to a queue; PrioritySort breaks ties on it. */
  timestamp: Micros;
  /** When the pod first entered the queue (for the e2e scheduling SLI). */
  readonly initialAttemptTimestamp: Micros;
  /** Scheduling attempts so far. */
  attempts: number;
  /** Plugins that rejected the pod in its last attempt (decide which cluster events can help). */
  unschedulablePlugins: Set<string>;
  /** Held by a PreEnqueue plugin (e.g. scheduling gates). */
  gated: boolean;
}
