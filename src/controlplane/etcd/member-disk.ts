/**
 * One etcd member's disk as an analytic FIFO queue: a job (a WAL fdatasync, a bbolt commit) starts
 * when the previous one has finished and runs for its base duration, stretched by every stall
 * episode it overlaps. Completion times are computed when the job is issued, so a disk costs no
 * events; stall episodes are drawn lazily from their own stream, which makes the stall timeline a
 * function of time alone (the same whatever the write rate).
 */
import { createDistribution, type Distribution } from '../../engine/distribution.js';
import type { RandomStream } from '../../engine/rng.js';
import type { Micros } from '../../engine/simulation.js';
import type { DiskSpec, DiskStalls } from './disk.js';

const HOUR: Micros = 3_600_000_000;

/** One stall population's lazily drawn timeline: the current or next episode [start, end). */
class StallProcess {
  start = Infinity;
  end: Micros;
  private readonly dist: Distribution;
  private readonly meanGap: number;

  constructor(stalls: DiskStalls, private readonly rng: RandomStream, now: Micros) {
    this.dist = createDistribution(stalls.duration);
    this.meanGap = HOUR / stalls.perHour;
    this.end = now;
    this.next();
  }

  /** Moves to the first episode ending after `t`. */
  advance(t: Micros): void {
    while (this.end <= t) this.next();
  }

  private next(): void {
    const gap = -this.meanGap * Math.log(1 - this.rng.next());
    this.start = this.end + Math.max(1, Math.round(gap));
    this.end = this.start + Math.max(1, Math.round(this.dist.sample(this.rng)));
  }
}

/** A member's disk: FIFO service, base fsync draws and stall episodes (natural and injected). */
export class MemberDisk {
  /** Time at which the last issued job completes. */
  freeAt: Micros = 0;
  /** Start of service of the last job passed to serve(). */
  lastStart: Micros = 0;
  private readonly fsyncDist: Distribution;
  private readonly processes: StallProcess[];
  /** Injected stalls, sorted by start, pruned as time passes. */
  private readonly injected: Array<[Micros, Micros]> = [];

  /** `stallRng(i)` is the stream of stall population i (one each, so each timeline depends on time alone). */
  constructor(readonly spec: DiskSpec, private readonly fsyncRng: RandomStream, stallRng: (population: number) => RandomStream, now: Micros) {
    this.fsyncDist = createDistribution(spec.fsync);
    this.processes = [];
    (spec.stalls ?? []).forEach((st, i) => {
      if (st.perHour > 0) this.processes.push(new StallProcess(st, stallRng(i), now));
    });
  }

  /** One base fdatasync draw (µs, >= 1), stalls excluded. */
  fsyncBase(): Micros {
    const v = Math.round(this.fsyncDist.sample(this.fsyncRng));
    return v > 1 ? v : 1;
  }

  /** Queues a job of `base` µs arriving at `arrival`; returns its completion and advances freeAt (lastStart = its start of service). */
  serve(arrival: Micros, base: Micros): Micros {
    const start = arrival > this.freeAt ? arrival : this.freeAt;
    const end = this.stretch(start, start + base);
    this.lastStart = start;
    this.freeAt = end;
    return end;
  }

  /** Makes the device stall during [start, start + duration) in addition to its natural stalls. */
  injectStall(start: Micros, duration: Micros): void {
    let i = this.injected.length;
    while (i > 0 && this.injected[i - 1]![0] > start) i--;
    this.injected.splice(i, 0, [start, start + duration]);
  }

  /** Completion of work running over [start, end) once paused by every stall episode it overlaps (overlapping episodes count once). */
  private stretch(start: Micros, end: Micros): Micros {
    let t = start; // stalls before t are accounted for
    for (;;) {
      let s = Infinity;
      let e = Infinity;
      for (const p of this.processes) {
        p.advance(t);
        if (p.start < s) {
          s = p.start;
          e = p.end;
        }
      }
      while (this.injected.length > 0 && this.injected[0]![1] <= t) this.injected.shift();
      const inj = this.injected[0];
      if (inj !== undefined && inj[0] < s) {
        s = inj[0];
        e = inj[1];
      }
      if (s >= end) return end;
      end += e - (s > t ? s : t);
      t = e;
    }
  }
}
