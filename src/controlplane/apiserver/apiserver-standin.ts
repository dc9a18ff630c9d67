/**
 * kube-apiserver stand-in: each request spends a processing latency drawn from one distribution,
 * then (for writes and uncached reads) goes to etcd; the response follows the commit. No inflight
 * limits or APF yet (the control-plane model replaces this). Records the upstream
 * `apiserver_request_duration_seconds` and `apiserver_request_total` series.
 */
import type { ObjectStore } from '../../api/object-store.js';
import type { DurationSampler } from '../../engine/duration-sampler.js';
import type { Handler, Micros, Simulation } from '../../engine/simulation.js';
import type { Counter, Histogram, MetricsSink } from '../../metrics/sink.js';
import type { EtcdBackend } from '../etcd/etcd-standin.js';
import { isMutating, resourceName, type ApiRequest, type ApiResponse, type ApiServerEndpoint } from './request.js';
import { applyRequest } from './storage-operation.js';

interface InFlight {
  readonly request: ApiRequest;
  readonly respond: (response: ApiResponse) => void;
  readonly start: Micros;
}

const etcdOperation = { POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete', GET: 'get', LIST: 'list' } as const;

/** Latency-only apiserver in front of an etcd backend and the object store. */
export class ApiServerStandin implements ApiServerEndpoint {
  private readonly processed: Handler<InFlight>;
  /** Metric handles by verb|kind|subresource|code (avoids building series names per request). */
  private readonly handles = new Map<string, { duration: Histogram; total: Counter }>();

  constructor(
    private readonly sim: Simulation,
    private readonly store: ObjectStore,
    private readonly etcd: EtcdBackend,
    private readonly metrics: MetricsSink,
    private readonly latency: DurationSampler,
  ) {
    this.processed = sim.register<InFlight>((f) => this.toStorage(f));
    metrics.quantilesOverTime.add('apiserver_request_duration_seconds');
  }

  /** Accepts a request; `respond` is called once, after processing and the etcd round. */
  handle(request: ApiRequest, respond: (response: ApiResponse) => void): void {
    this.sim.schedule(this.latency(), this.processed, { request, respond, start: this.sim.now });
  }

  private toStorage(f: InFlight): void {
    const req = f.request;
    if (!isMutating(req.verb)) {
      this.finish(f, applyRequest(this.store, req));
      return;
    }
    this.etcd.submit({
      operation: etcdOperation[req.verb],
      type: req.kind,
      apply: () => applyRequest(this.store, req),
      done: (response: ApiResponse) => this.finish(f, response),
    });
  }

  private finish(f: InFlight, response: ApiResponse): void {
    const req = f.request;
    const key = `${req.verb}|${req.kind}|${req.subresource ?? ''}|${response.code}`;
    let m = this.handles.get(key);
    if (m === undefined) {
      const labels = { verb: req.verb, resource: resourceName(req.kind), subresource: req.subresource ?? '' };
      m = {
        duration: this.metrics.histogram('apiserver_request_duration_seconds', labels),
        total: this.metrics.counter('apiserver_request_total', { ...labels, code: String(response.code) }),
      };
      this.handles.set(key, m);
    }
    m.duration.observe((this.sim.now - f.start) / 1e6);
    m.total.inc();
    f.respond(response);
  }
}

/**
 * Default apiserver processing latency (µs) before etcd: median 2 ms, p99 20 ms — an idle
 * control plane well inside the SIG-scalability SLO of 1 s p99 for single-object calls
 * (REFERENCE.md, kube-apiserver); stand-in value until the inflight/APF model lands.
 */
export const defaultApiserverLatency = { lognormal: { median: 2_000, p99: 20_000 } } as const;

/** Default delay (µs) from a committed change to a watcher receiving it: median 1 ms, p99 10 ms (watch cache fan-out; stand-in value). */
export const defaultWatchDelay = { lognormal: { median: 1_000, p99: 10_000 } } as const;
