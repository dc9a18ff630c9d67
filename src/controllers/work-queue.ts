/**
 * A controller's rate-limited work queue and its workers (k8s.io/client-go/util/workqueue): a key
 * is queued at most once, a key being processed is never handed to a second worker (a change that
 * arrives meanwhile queues it again when the worker is done), and at most `workers` keys are
 * synced at a time (`--concurrent-<name>-syncs`). A failed key is requeued after
 * DefaultControllerRateLimiter's delay: the larger of a per-item exponential backoff (5 ms
 * doubling to 1,000 s) and an overall token bucket (10 qps, burst 100) (workqueue/default_rate_limiters.go).
 */
import type { Handler, Micros, Simulation } from '../engine/simulation.js';

/** What a sync reports when it finishes: success (forget the key's failures) or an error (requeue rate-limited). */
export type SyncOutcome = 'ok' | 'error';

/** Syncs one key; calls `done` exactly once when the sync (and the API requests it waits for) has finished. */
export type SyncHandler = (key: string, done: (outcome: SyncOutcome) => void) => void;

/** Per-item backoff base and cap (µs) and the overall bucket of DefaultControllerRateLimiter. */
export const controllerRateLimiter = { baseDelay: 5_000, maxDelay: 1_000_000_000, qps: 10, burst: 100 } as const;

/** A deduplicating queue of keys worked on by a fixed number of workers. */
export class WorkQueue {
  private readonly queue: string[] = [];
  private head = 0;
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly delayed: Handler<string>;
  private readonly kick: Handler<null>;
  private kickScheduled = false;
  private busy = 0;
  private tokens: number = controllerRateLimiter.burst;
  private lastRefill: Micros;

  /** @param workers keys synced at once; `sync` is called in its own event, never inside the caller of add(). */
  constructor(private readonly sim: Simulation, private readonly workers: number, private readonly sync: SyncHandler) {
    this.lastRefill = sim.now;
    this.delayed = sim.register<string>((key) => this.add(key));
    this.kick = sim.register<null>(() => {
      this.kickScheduled = false;
      this.work();
    });
  }

  /** Keys waiting (not being processed). */
  get length(): number {
    return this.queue.length - this.head;
  }

  /** Queues `key` unless it is already waiting. */
  add(key: string): void {
    if (this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.queue.push(key);
    if (!this.kickScheduled && this.busy < this.workers) {
      this.kickScheduled = true;
      this.sim.schedule(0, this.kick, null);
    }
  }

  /** Queues `key` after `delay` µs. */
  addAfter(key: string, delay: Micros): void {
    if (delay <= 0) this.add(key);
    else this.sim.schedule(Math.ceil(delay), this.delayed, key);
  }

  /** Queues `key` after the rate limiter's delay for it (its failures so far, and the overall bucket). */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    const item = Math.min(controllerRateLimiter.maxDelay, controllerRateLimiter.baseDelay * 2 ** n);
    this.addAfter(key, Math.max(item, this.bucketDelay()));
  }

  /** Times `key` has been requeued after a failure since its last success. */
  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  private bucketDelay(): Micros {
    const now = this.sim.now;
    const { qps, burst } = controllerRateLimiter;
    this.tokens = Math.min(burst, this.tokens + ((now - this.lastRefill) * qps) / 1e6);
    this.lastRefill = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1e6) / qps);
  }

  private work(): void {
    while (this.busy < this.workers && this.head < this.queue.length) {
      const key = this.queue[this.head++] as string;
      this.dirty.delete(key);
      this.processing.add(key);
      this.busy++;
      let finished = false;
      this.sync(key, (outcome) => {
        if (finished) throw new Error(`work queue: sync of ${key} finished twice`);
        finished = true;
        this.busy--;
        this.processing.delete(key);
        if (outcome === 'ok') this.failures.delete(key);
        else this.addRateLimited(key);
        if (this.dirty.has(key)) this.queue.push(key);
        if (!this.kickScheduled) {
          this.kickScheduled = true;
          this.sim.schedule(0, this.kick, null);
        }
      });
    }
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
  }
}
