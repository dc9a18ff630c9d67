/**
 * ControllerExpectations (pkg/controller/controller_utils.go): the creates and deletes a
 * controller has asked for and not yet seen through its informer. While some are outstanding the
 * controller does not act on its (stale) cache again, so it never creates a pod twice; they
 * expire after 5 minutes (ExpectationsTimeout) in case an event was missed.
 */
import type { Micros } from '../engine/simulation.js';

/** ExpectationsTimeout: 5 minutes (µs). */
export const expectationsTimeout: Micros = 5 * 60 * 1_000_000;

interface Expectation {
  add: number;
  del: number;
  readonly timestamp: Micros;
}

/** Outstanding creates and deletes by controller key. */
export class ControllerExpectations {
  private readonly records = new Map<string, Expectation>();

  constructor(private readonly now: () => Micros) {}

  /** True when nothing is outstanding for `key` (or the record expired): the controller may act. */
  satisfied(key: string): boolean {
    const e = this.records.get(key);
    if (e === undefined) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.now() - e.timestamp > expectationsTimeout;
  }

  /** Records that `add` creates and `del` deletes are about to be sent for `key`. */
  expect(key: string, add: number, del: number): void {
    this.records.set(key, { add, del, timestamp: this.now() });
  }

  /** One create for `key` was observed (or will never happen). */
  creationObserved(key: string): void {
    const e = this.records.get(key);
    if (e !== undefined) e.add--;
  }

  /** One delete for `key` was observed (or will never happen). */
  deletionObserved(key: string): void {
    const e = this.records.get(key);
    if (e !== undefined) e.del--;
  }

  /** Forgets `key` (its controller object is gone). */
  delete(key: string): void {
    this.records.delete(key);
  }
}
