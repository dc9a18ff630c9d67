/** A flush timer on a fixed tick grid (anchored at t=0) that holds at most one pending engine event. */
import type { EventHandle, Handler, Micros, Simulation } from '../../engine/simulation.js';

/** The first tick of a `period` grid anchored at time 0 that is strictly after `after` and at or after `notBefore`. */
export function nextTick(after: Micros, notBefore: Micros, period: Micros): Micros {
  const t = Math.max(after + 1, notBefore);
  return Math.ceil(t / period) * period;
}

// Stands for upstream's `wait.Until(flush, period)` goroutine without an event per idle period:
// the owner arms it for the first tick at which the flush can do something, and cancels it when
// there is nothing left to flush. Firing clears the pending state before calling `fire`.
/** A periodic-flush timer that schedules only the ticks that can matter. */
export class TickTimer {
  private handle: EventHandle | undefined;
  private time: Micros = 0;
  private readonly handler: Handler<undefined>;

  /** A timer on `period` ticks that calls `fire` (registered with `sim` once). */
  constructor(private readonly sim: Simulation, private readonly period: Micros, fire: () => void) {
    this.handler = sim.register<undefined>(() => {
      this.handle = undefined;
      fire();
    });
  }

  /** True while a tick is scheduled. */
  get pending(): boolean {
    return this.handle !== undefined;
  }

  /** Ensures a tick at or before the first grid tick after now and at/after `notBefore` (an earlier pending tick is kept). */
  armFor(notBefore: Micros): void {
    const want = nextTick(this.sim.now, notBefore, this.period);
    if (this.handle !== undefined) {
      if (this.time <= want) return;
      this.sim.cancel(this.handle);
    }
    this.handle = this.sim.at(want, this.handler, undefined);
    this.time = want;
  }

  /** Cancels the pending tick, if any. */
  cancel(): void {
    if (this.handle !== undefined) this.sim.cancel(this.handle);
    this.handle = undefined;
  }
}
