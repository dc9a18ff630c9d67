/**
 * The node lifecycle controller's per-zone tainting queue (RateLimitedTimedQueue in
 * pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go): node names in order of when they
 * are due, each queued once until removed, processed through a token bucket of burst 1
 * (EvictionRateLimiterBurst) whose rate the zone's state sets; rate 0 never accepts.
 */
import type { Micros } from '../../engine/simulation.js';

interface TimedValue {
  readonly value: string;
  processAt: Micros;
  readonly seq: number;
}

/** client-go's token bucket limiter with burst 1 (flowcontrol.NewTokenBucketRateLimiter), in virtual time. */
class TokenBucket {
  private tokens = 1;
  private last: Micros;
  constructor(readonly qps: number, now: Micros) {
    this.last = now;
  }
  /** Takes a token if one is available at `now`. */
  tryAccept(now: Micros): boolean {
    if (this.qps <= 0) return false;
    this.tokens = Math.min(1, this.tokens + ((now - this.last) * this.qps) / 1e6);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** What `tryAll` does with one due node: true when done, or false and a retry delay (µs). */
export type TimedAction = (node: string) => [done: boolean, retryAfter: Micros];

/** A unique, rate-limited queue of node names ordered by due time. */
export class RateLimitedTimedQueue {
  private queue: TimedValue[] = [];
  /** Names added and not removed (a processed name stays here so it is not added twice). */
  private readonly set = new Set<string>();
  private limiter: TokenBucket;
  private seq = 0;

  constructor(qps: number, now: Micros) {
    this.limiter = new TokenBucket(qps, now);
  }

  /** The current rate (nodes/s). */
  get qps(): number {
    return this.limiter.qps;
  }

  /** Names waiting to be processed. */
  get length(): number {
    return this.queue.length;
  }

  /** Adds `node`, due now, unless it was added and not removed since; true when added. */
  add(node: string, now: Micros): boolean {
    if (this.set.has(node)) return false;
    this.set.add(node);
    this.queue.push({ value: node, processAt: now, seq: this.seq++ });
    this.sort();
    return true;
  }

  /** Removes `node` so that it can be added again; true when it had been added. */
  remove(node: string): boolean {
    if (!this.set.delete(node)) return false;
    this.queue = this.queue.filter((v) => v.value !== node);
    return true;
  }

  /** Processes due names while the limiter gives tokens (a token is spent on each attempt, as upstream's Try). */
  tryAll(now: Micros, action: TimedAction): void {
    for (let head = this.queue[0]; head !== undefined; head = this.queue[0]) {
      if (!this.limiter.tryAccept(now)) return;
      if (now < head.processAt) return;
      const [done, retryAfter] = action(head.value);
      if (done) this.queue.shift();
      else {
        head.processAt = now + retryAfter + 1;
        this.sort();
      }
    }
  }

  /** Replaces the limiter when the rate changes; a new limiter starts drained if the old one had no token (SwapLimiter). */
  swapLimiter(qps: number, now: Micros): void {
    if (this.limiter.qps === qps) return;
    const next = new TokenBucket(qps, now);
    if (qps > 0 && !this.limiter.tryAccept(now)) next.tryAccept(now);
    this.limiter = next;
  }

  private sort(): void {
    this.queue.sort((a, b) => a.processAt - b.processAt || a.seq - b.seq);
  }
}
