/**
 * The CPUs of one apiserver replica as a first-come-first-served pool of `cpus` servers. Because
 * jobs start in arrival order, each job's start and end follow from the servers' free times at
 * arrival (Kiefer–Wolfowitz recursion for FIFO G/G/c), so the pool itself needs no events:
 * callers schedule one event at the returned end time. Background work (watch fan-out) occupies
 * a server the same way without any event.
 */
import type { Micros } from '../../engine/simulation.js';

/** A FIFO multi-server CPU pool whose servers are tracked by the time each becomes free. */
export class CpuPool {
  private readonly freeAt: Float64Array;
  /** Total busy µs handed out, for utilisation. */
  private busy = 0;

  constructor(readonly cpus: number) {
    if (!(cpus >= 1 && Number.isInteger(cpus))) throw new RangeError(`cpus must be a positive integer, got ${cpus}`);
    this.freeAt = new Float64Array(cpus);
  }

  /** Runs `work` µs of CPU arriving at `now` on the first free server; returns the end time. */
  run(now: Micros, work: Micros): Micros {
    const f = this.freeAt;
    let best = 0;
    let bestAt = f[0] as number;
    for (let i = 1; i < f.length; i++) {
      const at = f[i] as number;
      if (at < bestAt) {
        bestAt = at;
        best = i;
      }
    }
    const end = (bestAt > now ? bestAt : now) + Math.round(work);
    f[best] = end;
    this.busy += work;
    return end;
  }

  /** CPU-seconds consumed so far (work handed out, including work still queued). */
  get busySeconds(): number {
    return this.busy / 1e6;
  }

  /** Work queued or running beyond `now`, in µs summed over servers (0 when idle). */
  backlog(now: Micros): Micros {
    let total = 0;
    for (const at of this.freeAt) if (at > now) total += at - now;
    return total;
  }
}
