/**
 * The kubelet's limits on pulls: a token bucket of `registryPullQPS` filled up to `registryBurst`
 * (pkg/kubelet/images/image_manager.go throttledImageService: a pull finding no token fails at
 * once with "pull QPS exceeded"), and the per-image back-off after a failed pull (10 s doubling
 * to 300 s) during which the container waits in ImagePullBackOff.
 */
import type { Micros } from '../../engine/simulation.js';
import { imagePullBackOffInitial, imagePullBackOffMax } from './image-pull-config.js';

/** A token bucket (client-go flowcontrol.NewTokenBucketRateLimiter); qps 0 accepts everything. */
export class PullTokenBucket {
  private tokens: number;
  private last: Micros = 0;

  constructor(private readonly qps: number, private readonly burst: number) {
    this.tokens = burst;
  }

  /** Takes a token if one is available at `now`. */
  tryAccept(now: Micros): boolean {
    if (this.qps <= 0) return true;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1e6) * this.qps);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Back-off per key (pod and image) after failed pulls. */
export class PullBackOff {
  private readonly delays = new Map<string, Micros>();

  /** Records a failure of `key` and returns how long to wait before the next attempt. */
  next(key: string): Micros {
    const previous = this.delays.get(key);
    const delay = previous === undefined ? imagePullBackOffInitial : Math.min(imagePullBackOffMax, previous * 2);
    this.delays.set(key, delay);
    return delay;
  }

  /** Clears `key` after a successful pull. */
  reset(key: string): void {
    this.delays.delete(key);
  }
}
