// Optional generator-based processes for model code that reads as "wait, then
// act". A process body yields a delay in µs (resume after that much virtual
// time) or a Signal (resume when it fires; `yield signal` evaluates to the
// fired value). Every resumption is an ordinary scheduled event, so processes
// interleave deterministically with all other events. No async/await.

import type { EventHandle, Handler, Simulation } from './simulation.js';

/** What a process body may yield: a non-negative integer delay in µs, or a Signal to wait for. */
export type Wait = number | Signal<unknown>;

/** A one-shot event that processes (or handlers) can wait for; fire() wakes all waiters at the current time, in wait order. */
export class Signal<T = unknown> {
  private readonly sim: Simulation;
  private isFired = false;
  private firedValue: T | undefined = undefined;
  private waitHandlers: Array<Handler<unknown>> = [];
  private waitArgs: unknown[] = [];

  /** Creates an unfired signal bound to sim. */
  constructor(sim: Simulation) {
    this.sim = sim;
  }

  /** True once fire() has been called. */
  get fired(): boolean {
    return this.isFired;
  }

  /** The value passed to fire(), or undefined before it fired. */
  get value(): T | undefined {
    return this.firedValue;
  }

  /** Fires the signal once: schedules every waiter at the current time (delay 0) in wait order; throws if already fired. */
  fire(value: T): void {
    if (this.isFired) throw new Error('Signal.fire: signal already fired');
    this.isFired = true;
    this.firedValue = value;
    const handlers = this.waitHandlers;
    const args = this.waitArgs;
    this.waitHandlers = [];
    this.waitArgs = [];
    for (let i = 0; i < handlers.length; i++) this.sim.schedule(0, handlers[i]!, args[i]);
  }

  /** Schedules handler(arg) at the current time once the signal fires (right away, at delay 0, if it already has). */
  onFire<A>(handler: Handler<A>, arg: A): EventHandle | undefined {
    if (this.isFired) return this.sim.schedule(0, handler, arg);
    this.waitHandlers.push(handler as Handler<unknown>);
    this.waitArgs.push(arg);
    return undefined;
  }
}

const resumeHandlers = new WeakMap<Simulation, Handler<Process>>();

function resumeHandler(sim: Simulation): Handler<Process> {
  let h = resumeHandlers.get(sim);
  if (h === undefined) {
    h = sim.register<Process>((p) => p.resume());
    resumeHandlers.set(sim, h);
  }
  return h;
}

/** A running generator body; create with spawn(). */
export class Process {
  /** Fires (with undefined) when the body returns. */
  readonly finished: Signal<void>;
  private readonly sim: Simulation;
  private readonly body: Generator<Wait, void, unknown>;
  private readonly resumeId: Handler<Process>;
  private waitingOn: Signal<unknown> | undefined = undefined;
  private isDone = false;

  /** Internal: use spawn(). */
  constructor(sim: Simulation, body: Generator<Wait, void, unknown>) {
    this.sim = sim;
    this.body = body;
    this.finished = new Signal<void>(sim);
    this.resumeId = resumeHandler(sim);
  }

  /** True once the body has returned, thrown, or yielded an invalid wait. */
  get done(): boolean {
    return this.isDone;
  }

  /** Internal: advances the body to its next yield (called by the scheduled resume event). */
  resume(): void {
    if (this.isDone) return;
    const signal = this.waitingOn;
    this.waitingOn = undefined;
    let step: IteratorResult<Wait, void>;
    try {
      step = this.body.next(signal === undefined ? undefined : signal.value);
    } catch (err) {
      this.isDone = true;
      throw err;
    }
    if (step.done === true) {
      this.isDone = true;
      this.finished.fire(undefined);
      return;
    }
    const wait = step.value;
    if (wait instanceof Signal) {
      this.waitingOn = wait;
      wait.onFire(this.resumeId, this);
      return;
    }
    this.isDone = true; // until the wait below is known to be valid
    if (typeof wait !== 'number') throw new TypeError(`process yielded ${String(wait)}; expected a delay in µs or a Signal`);
    this.sim.schedule(wait, this.resumeId, this); // RangeError for a negative or fractional delay
    this.isDone = false;
  }
}

/** Starts body as a process; its first step runs as an event at the current time (not synchronously). */
export function spawn(sim: Simulation, body: () => Generator<Wait, void, unknown>): Process {
  const p = new Process(sim, body());
  sim.schedule(0, resumeHandler(sim), p);
  return p;
}
