/**
 * A client-go style REST client: requests pass a token-bucket rate limiter (`qps`, `burst`) in
 * FIFO order before they reach the apiserver, as client-go's flowcontrol limiter does. A 429 is
 * retried after the server's Retry-After (1 s, apiserver filters/maxinflight.go and APF) and a
 * 5xx after an exponential backoff (5 ms doubling, client-go workqueue's default item rate
 * limiter), each attempt going through the rate limiter again, up to `maxRetries` (client-go
 * rest.Request's default of 10); then the last response is returned. An answer that carries no
 * Retry-After (an eviction refused by a disruption budget) is returned at once.
 */
import type { Handler, Micros, Simulation } from '../engine/simulation.js';
import type { Counter, Histogram, MetricsSink } from '../metrics/sink.js';
import type { ApiRequest, ApiResponse, ApiServerEndpoint } from './apiserver/request.js';

/** Rate limits of a client connection; `qps <= 0` means unlimited. */
export interface ClientConnection {
  readonly qps: number;
  readonly burst: number;
}

/** Retries client-go makes before giving a failed response back (rest.Request maxRetries). */
export const defaultMaxRetries = 10;
/** Retry-After the apiserver sends with 429 (µs): "1" second in filters/maxinflight.go and APF. */
export const retryAfter429 = 1_000_000;
/** First backoff (µs) after a 5xx; doubles per attempt (workqueue DefaultItemBasedRateLimiter: 5 ms base). */
export const errorBackoffBase = 5_000;

interface Waiting {
  readonly request: ApiRequest;
  readonly done: (response: ApiResponse) => void;
  since: Micros;
  attempt: number;
  errors: number;
}

/** A rate-limited client of the apiserver named after its user agent. */
export class RestClient {
  private tokens: number;
  private lastRefill: Micros;
  private readonly queue: Waiting[] = [];
  private head = 0;
  private wakeScheduled = false;
  private readonly wake: Handler<null>;
  /** Metric label: the component (user agent up to its first '/'), so 1,000 kubelets share one series. */
  private readonly component: string;
  private readonly rateLimiterWait: Histogram;
  private readonly retry: Handler<Waiting>;
  private readonly retries = new Map<number, Counter>();

  constructor(
    private readonly sim: Simulation,
    private readonly apiserver: ApiServerEndpoint,
    private readonly metrics: MetricsSink,
    readonly userAgent: string,
    private readonly connection: ClientConnection,
    private readonly maxRetries = defaultMaxRetries,
  ) {
    this.tokens = Math.max(1, connection.burst);
    this.lastRefill = sim.now;
    this.component = userAgent.split('/')[0] ?? userAgent;
    this.rateLimiterWait = metrics.histogram('rest_client_rate_limiter_duration_seconds', { client: this.component });
    this.retry = sim.register<Waiting>((w) => this.enqueue(w));
    this.wake = sim.register<null>(() => {
      this.wakeScheduled = false;
      this.drain();
    });
  }

  /** Requests waiting for a token. */
  get queued(): number {
    return this.queue.length - this.head;
  }

  /** Sends `request` as soon as the rate limiter allows, retrying 429s and 5xx; `done` gets the final response. */
  send(request: ApiRequest, done: (response: ApiResponse) => void): void {
    this.enqueue({ request, done, since: this.sim.now, attempt: 0, errors: 0 });
  }

  private enqueue(w: Waiting): void {
    w.since = this.sim.now;
    if (this.connection.qps <= 0) {
      this.dispatch(w);
      return;
    }
    this.queue.push(w);
    this.drain();
  }

  private dispatch(w: Waiting): void {
    this.apiserver.handle(w.request, (response) => {
      const code = response.code;
      // An answer without Retry-After (retryAfterSeconds 0, e.g. an eviction a disruption budget refuses) goes back to the caller, as client-go's retry checks it.
      if ((code === 429 || code >= 500) && response.retryAfterSeconds !== 0 && w.attempt < this.maxRetries) {
        this.retryCounter(code).inc();
        const after = response.retryAfterSeconds;
        const delay = after !== undefined ? after * 1e6 : code === 429 ? retryAfter429 : errorBackoffBase * 2 ** w.errors++;
        w.attempt++;
        this.sim.schedule(delay, this.retry, w);
        return;
      }
      w.done(response);
    });
  }

  private retryCounter(code: number): Counter {
    let c = this.retries.get(code);
    if (c === undefined) this.retries.set(code, (c = this.metrics.counter('rest_client_request_retries_total', { client: this.component, code: String(code) }, true)));
    return c;
  }

  private refill(): void {
    const now = this.sim.now;
    const burst = Math.max(1, this.connection.burst);
    this.tokens = Math.min(burst, this.tokens + ((now - this.lastRefill) * this.connection.qps) / 1e6);
    this.lastRefill = now;
  }

  private drain(): void {
    this.refill();
    while (this.head < this.queue.length && this.tokens >= 1) {
      const w = this.queue[this.head++] as Waiting;
      this.tokens -= 1;
      this.rateLimiterWait.observe((this.sim.now - w.since) / 1e6);
      this.dispatch(w);
    }
    if (this.head === this.queue.length) {
      // Drained: drop the served entries (a client that never queues 1,024 requests would keep them all).
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    if (this.head < this.queue.length && !this.wakeScheduled) {
      this.wakeScheduled = true;
      const wait = Math.max(1, Math.ceil(((1 - this.tokens) * 1e6) / this.connection.qps));
      this.sim.schedule(wait, this.wake, null);
    }
  }
}
