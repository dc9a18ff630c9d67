/**
 * Bytes in flight between registries and nodes as a fluid model. Every link (a registry's egress,
 * a node's ingress) is shared equally by the transfers crossing it (processor sharing); a
 * transfer moves at the smaller of its two shares, so the slower end bounds it. Rates are
 * recomputed whenever a transfer starts or ends, and one event stands for the next completion.
 */
import type { EventHandle, Handler, Micros, Simulation } from '../../engine/simulation.js';

/** A shared link: a capacity in bytes per second and the transfers crossing it now. */
export class Link {
  /** Transfers crossing the link. */
  active = 0;
  /** Bytes per µs. */
  readonly perMicro: number;
  constructor(readonly name: string, bytesPerSecond: number) {
    this.perMicro = bytesPerSecond / 1e6;
  }
}

/** One transfer of `bytes` from `source` to `sink`; `done` runs when the last byte arrives. */
export interface Transfer {
  readonly source: Link;
  readonly sink: Link;
  readonly bytes: number;
  readonly done: () => void;
}

interface Flow {
  readonly t: Transfer;
  remaining: number;
  rate: number;
}

/** The set of transfers in flight and the completion event. */
export class TransferNetwork {
  private readonly flows: Flow[] = [];
  private lastUpdate: Micros = 0;
  private next: EventHandle | undefined;
  private readonly tick: Handler<void>;

  constructor(private readonly sim: Simulation) {
    this.tick = sim.register<void>(() => this.complete());
  }

  /** Transfers in flight. */
  get inFlight(): number {
    return this.flows.length;
  }

  /** Starts a transfer now (an empty one completes at once, as a scheduled event). */
  start(t: Transfer): void {
    this.advance();
    this.flows.push({ t, remaining: t.bytes, rate: 0 });
    t.source.active++;
    t.sink.active++;
    this.reschedule();
  }

  /** Moves every flow forward to now at its current rate. */
  private advance(): void {
    const dt = this.sim.now - this.lastUpdate;
    this.lastUpdate = this.sim.now;
    if (dt <= 0) return;
    for (const f of this.flows) f.remaining -= f.rate * dt;
  }

  private reschedule(): void {
    if (this.next !== undefined) this.sim.cancel(this.next);
    this.next = undefined;
    let soonest = Infinity;
    for (const f of this.flows) {
      const a = f.t.source.perMicro / f.t.source.active;
      const b = f.t.sink.perMicro / f.t.sink.active;
      f.rate = a < b ? a : b;
      const eta = f.remaining <= 0 ? 0 : f.remaining / f.rate;
      if (eta < soonest) soonest = eta;
    }
    if (soonest !== Infinity) this.next = this.sim.schedule(Math.ceil(soonest), this.tick, undefined);
  }

  /** Ends every flow that has (or within a µs would have) moved its last byte, then reschedules. */
  private complete(): void {
    this.next = undefined;
    this.advance();
    const finished: Flow[] = [];
    const flows = this.flows;
    let kept = 0;
    for (let i = 0; i < flows.length; i++) {
      const f = flows[i]!;
      if (f.remaining <= f.rate + 1e-9) finished.push(f);
      else flows[kept++] = f;
    }
    flows.length = kept;
    for (const f of finished) {
      f.t.source.active--;
      f.t.sink.active--;
    }
    this.reschedule();
    for (const f of finished) f.t.done();
  }
}
