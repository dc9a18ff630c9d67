/**
 * The CPUs of one apiserver replica as Go's scheduler runs goroutines on them: `cpus` processors
 * take runnable work from a first-in-first-out queue and run each piece for at most one time
 * slice (10 ms, the scheduler's forcePreemptNS in runtime/proc.go) before it goes to the back of
 * the queue. A request's goroutine is runnable while it decodes, admits and validates, blocks on
 * etcd, and becomes runnable again to encode the answer; each runnable phase waits its turn. So
 * with n runnable goroutines on c CPUs a short phase waits about n/c slices: a saturated apiserver
 * answers even small requests in seconds, as overloaded ones do, while an idle one adds nothing.
 *
 * Background work (watch fan-out) is one coalesced piece of work per replica, made runnable once
 * a millisecond of it has built up (the watch goroutines' work is many tiny writes; this keeps it
 * from costing an event per write).
 */
import type { Handler, Micros, Simulation } from '../../engine/simulation.js';
import type { Counter } from '../../metrics/sink.js';

/** A runnable piece of work: how much CPU it still needs and whom to tell when it is done. */
export interface CpuJob {
  cpuRemaining: Micros;
  cpuDone(): void;
}

/** Go's time slice: a goroutine running 10 ms is preempted (runtime/proc.go forcePreemptNS). */
export const goTimeSlice: Micros = 10_000;
/** Background work that builds up before it is made runnable (µs). */
export const backgroundBatch: Micros = 1_000;

class BackgroundWork implements CpuJob {
  cpuRemaining = 0;
  queued = false;
  cpuDone(): void {
    this.queued = false;
  }
}

/** Time-sliced CPUs with a FIFO run queue; one event per slice. */
export class TimeSlicedCpu {
  private queue: (CpuJob | undefined)[] = new Array<CpuJob | undefined>(64);
  private head = 0;
  private size = 0;
  private free: number;
  private readonly sliceEnd: Handler<CpuJob>;
  private readonly background = new BackgroundWork();

  /** @param cpuSeconds optional counter of CPU-seconds used (`process_cpu_seconds_total`). */
  constructor(private readonly sim: Simulation, readonly cpus: number, private readonly cpuSeconds?: Counter, private readonly slice: Micros = goTimeSlice) {
    if (!(cpus >= 1 && Number.isInteger(cpus))) throw new RangeError(`cpus must be a positive integer, got ${cpus}`);
    this.free = cpus;
    this.sliceEnd = sim.register<CpuJob>((job) => this.endSlice(job));
  }

  /** Runnable pieces of work waiting for a CPU. */
  get waiting(): number {
    return this.size;
  }

  /** Makes `job` runnable for `work` µs of CPU; `job.cpuDone()` runs when it has had them all. */
  submit(work: Micros, job: CpuJob): void {
    job.cpuRemaining = Math.max(0, Math.round(work));
    this.runnable(job);
  }

  /** Adds `work` µs to the replica's background work (runnable whenever it has any). */
  addBackground(work: Micros): void {
    const w = Math.round(work);
    if (w <= 0) return;
    this.background.cpuRemaining += w;
    if (!this.background.queued && this.background.cpuRemaining >= backgroundBatch) {
      this.background.queued = true;
      this.runnable(this.background);
    }
  }

  private runnable(job: CpuJob): void {
    if (this.free > 0) {
      this.free--;
      this.run(job);
    } else {
      this.push(job);
    }
  }

  private run(job: CpuJob): void {
    const s = job.cpuRemaining < this.slice ? job.cpuRemaining : this.slice;
    job.cpuRemaining -= s;
    // Counted as each slice starts: never ahead of the CPUs by more than one slice each.
    this.cpuSeconds?.inc(s / 1e6);
    this.sim.schedule(s, this.sliceEnd, job);
  }

  private endSlice(job: CpuJob): void {
    if (job.cpuRemaining > 0) {
      if (this.size === 0) {
        this.run(job); // nothing else runnable: keep running
        return;
      }
      this.push(job);
    } else {
      job.cpuDone();
    }
    const next = this.shift();
    if (next === undefined) this.free++;
    else this.run(next);
  }

  private push(job: CpuJob): void {
    if (this.size === this.queue.length) {
      const q = new Array<CpuJob | undefined>(this.queue.length * 2);
      for (let i = 0; i < this.size; i++) q[i] = this.queue[(this.head + i) % this.queue.length];
      this.queue = q;
      this.head = 0;
    }
    this.queue[(this.head + this.size) % this.queue.length] = job;
    this.size++;
  }

  private shift(): CpuJob | undefined {
    if (this.size === 0) return undefined;
    const job = this.queue[this.head];
    this.queue[this.head] = undefined;
    this.head = (this.head + 1) % this.queue.length;
    this.size--;
    return job;
  }
}
