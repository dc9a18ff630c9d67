/**
 * A client-go style REST client: requests pass a token-bucket rate limiter (`qps`, `burst`) in
 * FIFO order before they reach the apiserver, as client-go's flowcontrol limiter does.
 */
import type { Handler, Micros, Simulation } from '../engine/simulation.js';
import type { Histogram, MetricsSink } from '../metrics/sink.js';
import type { ApiRequest, ApiResponse, ApiServerEndpoint } from './apiserver/request.js';

/** Rate limits of a client connection; `qps <= 0` means unlimited. */
export interface ClientConnection {
  readonly qps: number;
  readonly burst: number;
}

interface Waiting {
  readonly request: ApiRequest;
  readonly done: (response: ApiResponse) => void;
  readonly since: Micros;
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

  constructor(
    private readonly sim: Simulation,
    private readonly apiserver: ApiServerEndpoint,
    metrics: MetricsSink,
    readonly userAgent: string,
    private readonly connection: ClientConnection,
  ) {
    this.tokens = Math.max(1, connection.burst);
    this.lastRefill = sim.now;
    this.component = userAgent.split('/')[0] ?? userAgent;
    this.rateLimiterWait = metrics.histogram('rest_client_rate_limiter_duration_seconds', { client: this.component });
    this.wake = sim.register<null>(() => {
      this.wakeScheduled = false;
      this.drain();
    });
  }

  /** Requests waiting for a token. */
  get queued(): number {
    return this.queue.length - this.head;
  }

  /** Sends `request` as soon as the rate limiter allows; `done` gets the response. */
  send(request: ApiRequest, done: (response: ApiResponse) => void): void {
    if (this.connection.qps <= 0) {
      this.apiserver.handle(request, done);
      return;
    }
    this.queue.push({ request, done, since: this.sim.now });
    this.drain();
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
      this.apiserver.handle(w.request, w.done);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
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
