// Discrete-event simulation core: a virtual clock in integer microseconds, a
// table of registered handlers and an event queue. Events are dispatched in
// (time, scheduling order); no closure is allocated per event.

import { EventQueue } from './event-queue.js';

/** Virtual time in integer microseconds. */
export type Micros = number;

/** Id of a handler registered with Simulation.register; T is the argument type it accepts. */
export type Handler<T> = number & { readonly __arg?: T };

/** Handle of a scheduled event (its sequence number); pass to Simulation.cancel. */
export type EventHandle = number;

/** Limits for Simulation.run: stop after virtual time `until` and/or after `maxEvents` dispatched events. */
export interface RunOptions {
  until?: Micros;
  maxEvents?: number;
}

/** Clock plus event queue: register handlers once, schedule events by (delay or time, handler, arg), then run. */
export class Simulation {
  private readonly queue = new EventQueue();
  private readonly handlers: Array<(arg: unknown) => void> = [];
  private clock: Micros = 0;
  private processed = 0;
  private stopRequested = false;

  /** Current virtual time in µs (the time of the event being or last dispatched, or the last run's `until`). */
  get now(): Micros {
    return this.clock;
  }

  /** Number of events dispatched so far (cancelled events are not counted). */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Number of live (not cancelled) events waiting to run. */
  get pending(): number {
    return this.queue.size;
  }

  /** Registers fn once and returns its id for use with schedule()/at(); fn is called as fn(arg) with `this` undefined. */
  register<T>(fn: (arg: T) => void): Handler<T> {
    if (typeof fn !== 'function') throw new TypeError('Simulation.register: handler must be a function');
    this.handlers.push(fn as (arg: unknown) => void);
    return (this.handlers.length - 1) as Handler<T>;
  }

  /** Schedules handler(arg) at now + delay; delay must be a non-negative safe integer (µs), else RangeError. */
  schedule<T>(delay: Micros, handler: Handler<T>, arg: T): EventHandle {
    if (!(delay >= 0 && Number.isSafeInteger(delay))) {
      throw new RangeError(`Simulation.schedule: delay must be a non-negative integer (µs), got ${String(delay)}`);
    }
    const time = this.clock + delay;
    if (time > Number.MAX_SAFE_INTEGER) throw new RangeError(`Simulation.schedule: time ${time} overflows`);
    if (!(handler >= 0 && handler < this.handlers.length)) {
      throw new RangeError(`Simulation.schedule: unknown handler ${String(handler)}`);
    }
    return this.queue.push(time, handler, arg);
  }

  /** Schedules handler(arg) at absolute time; time must be a safe integer >= now, else RangeError. */
  at<T>(time: Micros, handler: Handler<T>, arg: T): EventHandle {
    if (!(time >= this.clock && Number.isSafeInteger(time))) {
      throw new RangeError(`Simulation.at: time must be an integer >= now (${this.clock}), got ${String(time)}`);
    }
    if (!(handler >= 0 && handler < this.handlers.length)) {
      throw new RangeError(`Simulation.at: unknown handler ${String(handler)}`);
    }
    return this.queue.push(time, handler, arg);
  }

  /** Cancels a pending event; true if it was pending (it will never run), false if already run, cancelled or unknown. */
  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle);
  }

  /** True if the event is scheduled and has neither run nor been cancelled. */
  isPending(handle: EventHandle): boolean {
    return this.queue.isPending(handle);
  }

  /** Time of the next live event, or undefined if none is pending. */
  peek(): Micros | undefined {
    return this.queue.peekTime();
  }

  /** Runs the next live event (advancing now to its time); returns false if there was none. */
  step(): boolean {
    const queue = this.queue;
    const h = queue.pop(Infinity);
    if (h < 0) return false;
    this.clock = queue.poppedTime;
    this.processed++;
    this.handlers[h]!(queue.poppedArg);
    return true;
  }

  /**
   * Runs events with time <= until, at most maxEvents of them, returning early after the event that calls stop().
   * If until is finite and the run ended because no live event <= until remains, now is set to until.
   */
  run(options?: RunOptions): void {
    const until = options?.until ?? Infinity;
    const maxEvents = options?.maxEvents ?? Infinity;
    if (!(until >= this.clock) || (until !== Infinity && !Number.isSafeInteger(until))) {
      throw new RangeError(`Simulation.run: until must be an integer >= now (${this.clock}), got ${String(until)}`);
    }
    if (!(maxEvents >= 0) || (maxEvents !== Infinity && !Number.isInteger(maxEvents))) {
      throw new RangeError(`Simulation.run: maxEvents must be a non-negative integer, got ${String(maxEvents)}`);
    }
    this.stopRequested = false;
    const queue = this.queue;
    const handlers = this.handlers;
    let n = 0;
    let drained = false;
    while (n < maxEvents) {
      const h = queue.pop(until);
      if (h < 0) {
        drained = true;
        break;
      }
      this.clock = queue.poppedTime;
      n++;
      this.processed++;
      handlers[h]!(queue.poppedArg);
      if (this.stopRequested) break;
    }
    if (!drained && !this.stopRequested && n >= maxEvents) {
      // maxEvents reached exactly when the queue ran dry: still advance the clock.
      const next = queue.peekTime();
      drained = next === undefined || next > until;
    }
    if (drained && !this.stopRequested && until !== Infinity) this.clock = until;
    this.stopRequested = false;
  }

  /** Makes the current run() return after the current event (no effect outside run()). */
  stop(): void {
    this.stopRequested = true;
  }
}
