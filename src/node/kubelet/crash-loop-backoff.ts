/**
 * The kubelet's container restart back-off (client-go util/flowcontrol Backoff as
 * pkg/kubelet/kuberuntime doBackOff uses it, keyed per container): the first exit restarts at once
 * and arms a 10 s window; an exit inside the window waits for it (CrashLoopBackOff) and the next
 * window doubles, up to 300 s (MaxContainerBackOff). A container that ran longer than twice the
 * cap (10 min) since the window was armed starts over at 10 s.
 */
import type { Micros } from '../../engine/simulation.js';

/** Initial back-off (pkg/kubelet/kubelet.go backOffPeriod, 10 s). */
export const crashLoopBackOffInitial: Micros = 10_000_000;
/** Back-off cap (MaxContainerBackOff, 300 s; REFERENCE.md kubelet row). */
export const crashLoopBackOffMax: Micros = 300_000_000;

interface Entry {
  backoff: Micros;
  lastUpdate: Micros;
}

/** Per-container restart back-off windows. */
export class CrashLoopBackOff {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly initial: Micros = crashLoopBackOffInitial, private readonly max: Micros = crashLoopBackOffMax) {}

  /**
   * The container `key` exited at `finishedAt`; returns how long after `finishedAt` it may
   * restart (0: at once) and arms the next window, as doBackOff's IsInBackOffSince then Next do.
   */
  restartDelay(key: string, finishedAt: Micros): Micros {
    const e = this.entries.get(key);
    if (e !== undefined && finishedAt - e.lastUpdate <= 2 * this.max) {
      // Inside the window: wait for it to pass; then Next(key, finishedAt) doubles it.
      const wait = e.backoff;
      e.backoff = Math.min(e.backoff * 2, this.max);
      e.lastUpdate = finishedAt;
      return wait;
    }
    this.entries.set(key, { backoff: this.initial, lastUpdate: finishedAt });
    return 0;
  }

  /** Forgets the container's window (its pod is gone). */
  forget(key: string): void {
    this.entries.delete(key);
  }
}
