/**
 * The CPUs of one apiserver replica, shared among the requests executing on them as Go's
 * scheduler time-slices runnable goroutines: egalitarian processor sharing over `cpus` servers.
 * With n jobs running each progresses at min(1, cpus / n) µs of work per µs, so a short request
 * next to a LIST storm is slowed in proportion to the load, not queued behind whole LISTs.
 *
 * Implemented with a virtual work clock V (work each running job has received since the CPUs
 * were last idle): a job of `work` submitted at V finishes when V reaches V + work; jobs sit in a
 * heap by that finish mark and only the earliest one has an event, moved when the load changes.
 */
import type { EventHandle, Handler, Micros, Simulation } from '../../engine/simulation.js';
import type { Counter } from '../../metrics/sink.js';

/** Something waiting for its CPU work to finish. */
export interface CpuJob {
  cpuDone(): void;
}

/** Processor-sharing CPUs with one pending event at a time. */
export class ProcessorSharingCpu {
  private finish = new Float64Array(64);
  private jobs: (CpuJob | undefined)[] = [];
  private n = 0;
  private v = 0;
  private last: Micros = 0;
  private next: EventHandle = -1;
  private nextAt: Micros = -1;
  private readonly tick: Handler<null>;

  /** @param cpuSeconds optional counter of CPU-seconds used (`process_cpu_seconds_total`). */
  constructor(private readonly sim: Simulation, readonly cpus: number, private readonly cpuSeconds?: Counter) {
    if (!(cpus >= 1 && Number.isInteger(cpus))) throw new RangeError(`cpus must be a positive integer, got ${cpus}`);
    this.tick = sim.register<null>(() => this.complete());
  }

  /** Jobs running now. */
  get running(): number {
    return this.n;
  }

  /** Runs `work` µs of CPU; `job.cpuDone()` is called when it is done (no call for background work without a job). */
  submit(work: Micros, job: CpuJob | undefined): void {
    this.advance();
    this.cpuSeconds?.inc(work / 1e6);
    this.push(this.v + Math.max(work, 0), job);
    this.reschedule();
  }

  private rate(): number {
    return this.n <= this.cpus ? 1 : this.cpus / this.n;
  }

  private advance(): void {
    const now = this.sim.now;
    if (this.n > 0) this.v += (now - this.last) * this.rate();
    this.last = now;
  }

  private complete(): void {
    this.next = -1;
    this.nextAt = -1;
    this.advance();
    const done: CpuJob[] = [];
    const eps = 1e-6 * Math.max(1, this.v);
    while (this.n > 0 && (this.finish[0] as number) <= this.v + eps) {
      const job = this.pop();
      if (job !== undefined) done.push(job);
    }
    if (this.n === 0) this.v = 0;
    this.reschedule();
    for (const job of done) job.cpuDone();
  }

  private reschedule(): void {
    if (this.n === 0) {
      if (this.next >= 0) this.sim.cancel(this.next);
      this.next = -1;
      this.nextAt = -1;
      return;
    }
    const at = this.sim.now + Math.max(1, Math.ceil(((this.finish[0] as number) - this.v) / this.rate()));
    if (at === this.nextAt) return;
    if (this.next >= 0) this.sim.cancel(this.next);
    this.nextAt = at;
    this.next = this.sim.at(at, this.tick, null);
  }

  private push(key: number, job: CpuJob | undefined): void {
    if (this.n === this.finish.length) {
      const f = new Float64Array(this.n * 2);
      f.set(this.finish);
      this.finish = f;
    }
    let i = this.n++;
    const f = this.finish;
    const jobs = this.jobs;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((f[parent] as number) <= key) break;
      f[i] = f[parent] as number;
      jobs[i] = jobs[parent];
      i = parent;
    }
    f[i] = key;
    jobs[i] = job;
  }

  private pop(): CpuJob | undefined {
    const f = this.finish;
    const jobs = this.jobs;
    const top = jobs[0];
    const n = --this.n;
    const key = f[n] as number;
    const job = jobs[n];
    jobs[n] = undefined;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (f[c + 1] as number) < (f[c] as number)) c++;
      if ((f[c] as number) >= key) break;
      f[i] = f[c] as number;
      jobs[i] = jobs[c];
      i = c;
    }
    if (n > 0) {
      f[i] = key;
      jobs[i] = job;
    }
    return top;
  }
}
