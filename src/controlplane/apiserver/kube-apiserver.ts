/**
 * One kube-apiserver replica. A request is classified and admitted by API Priority and Fairness
 * (or the max-in-flight filter), runs its CPU work on the replica's CPU pool, then goes to etcd
 * (writes and single-object GETs; LISTs come from the watch cache when it is on), runs again to
 * encode the answer, and answers. The CPUs are time-sliced as Go's scheduler does (time-sliced-cpu.ts).
 * Execution holds its seats until the answer; 429s, etcd failures (500) and time-outs (504) are
 * answered with the upstream codes and messages. Committed writes charge watch fan-out work to
 * every replica through the group.
 */
import type { ObjectStore } from '../../api/object-store.js';
import type { Kind } from '../../api/objects.js';
import type { Micros, Simulation } from '../../engine/simulation.js';
import type { Counter, Gauge, Histogram, MetricsSink } from '../../metrics/sink.js';
import type { EtcdBackend, EtcdFailure } from '../etcd/etcd-backend.js';
import { TimeSlicedCpu, type CpuJob } from './time-sliced-cpu.js';
import type { FlowControl, RejectReason, RequestDigest, WorkEstimate } from './flowcontrol/request-digest.js';
import { listWorkEstimate, mutatingWorkEstimate, defaultWorkEstimate } from './flowcontrol/work-estimator.js';
import type { KubeApiserverConfig } from './kube-apiserver-config.js';
import { isMutating, resourceName, type ApiRequest, type ApiResponse, type Verb } from './request.js';
import { requestDigest, userGroups } from './request-attributes.js';
import { requestCpu } from './request-cost.js';
import { applyRequest } from './storage-operation.js';

/** What a replica needs from the replicas around it and from storage. */
export interface ReplicaContext {
  readonly sim: Simulation;
  readonly store: ObjectStore;
  readonly metrics: MetricsSink;
  readonly config: KubeApiserverConfig;
  /** The etcd cluster storing `kind` (after `--etcd-servers-overrides`). */
  etcdFor(kind: Kind): EtcdBackend;
  /** Charges `work` µs of watch fan-out to every replica's CPUs. */
  fanOut(work: Micros): void;
}

/** A request from admission to its answer. */
class InFlight implements CpuJob {
  finish: () => void = noop;
  answered = false;
  cpuRemaining = 0;
  /** CPU µs still to spend after etcd answers (encoding the response). */
  answerCpu = 0;
  /** etcd's answer while the response is being encoded. */
  response: ApiResponse | undefined;
  readonly mutating: boolean;
  constructor(
    private readonly server: KubeApiserver,
    readonly request: ApiRequest,
    readonly respond: (response: ApiResponse) => void,
    readonly start: Micros,
  ) {
    this.mutating = isMutating(request.verb);
  }
  cpuDone(): void {
    if (this.response === undefined) this.server.toStorage(this);
    else this.server.complete(this, this.response);
  }
}

interface RequestMetrics {
  readonly duration: Histogram;
  readonly codes: Map<number, Counter>;
  readonly labels: Readonly<Record<string, string>>;
}

const etcdOperation = { POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete', GET: 'get', LIST: 'list' } as const;

const noop = (): void => undefined;

function verbCode(verb: Verb): number {
  switch (verb) {
    case 'POST':
      return 0;
    case 'PUT':
      return 1;
    case 'PATCH':
      return 2;
    case 'DELETE':
      return 3;
    case 'GET':
      return 4;
    case 'LIST':
      return 5;
  }
}

const kindCodes: readonly Kind[] = ['Pod', 'Node', 'Lease', 'DeviceClass', 'ResourceSlice', 'ResourceClaim', 'ResourceClaimTemplate', 'ReplicaSet', 'Deployment', 'StatefulSet',
  'PodDisruptionBudget', 'PriorityClass',
  'Job',
  'DaemonSet', 'HorizontalPodAutoscaler'];

/** A small integer naming a request's verb, kind and subresource. */
function shapeCode(req: ApiRequest): number {
  const sub = req.subresource === undefined ? 0 : req.subresource === 'status' ? 1 : req.subresource === 'binding' ? 2 : 3;
  return (verbCode(req.verb) * kindCodes.length + kindCodes.indexOf(req.kind)) * 4 + sub;
}

/** One apiserver replica with its CPU pool and admission control. */
export class KubeApiserver {
  readonly cpu: TimeSlicedCpu;
  private readonly groups = new Map<string, readonly string[]>();
  /** Digests by user, then namespace, then shapeCode. */
  private readonly digests = new Map<string, Map<string, RequestDigest[]>>();
  /** Metric handles by shapeCode (the request's verb, kind and subresource). */
  private readonly handles: (RequestMetrics | undefined)[] = [];
  private readonly inflight: { readonly readOnly: Gauge; readonly mutating: Gauge };
  private readonly sim: Simulation;

  constructor(private readonly ctx: ReplicaContext, private readonly flowControl: FlowControl, replica: number) {
    this.sim = ctx.sim;
    this.cpu = new TimeSlicedCpu(this.sim, ctx.config.cpus, ctx.metrics.counter('process_cpu_seconds_total', { apiserver: String(replica) }, true));
    this.inflight = {
      readOnly: ctx.metrics.gauge('apiserver_current_inflight_requests', { request_kind: 'readOnly' }, true),
      mutating: ctx.metrics.gauge('apiserver_current_inflight_requests', { request_kind: 'mutating' }, true),
    };
  }

  /** Admits, executes and answers `request`; `respond` is called exactly once. */
  handle(request: ApiRequest, respond: (response: ApiResponse) => void): void {
    const f = new InFlight(this, request, respond, this.sim.now);
    this.flowControl.admit(
      this.digest(request),
      this.workEstimate(request),
      (finish) => this.execute(f, finish),
      (reason) => this.reject(f, reason),
    );
  }

  /** The request's digest, one object per request shape (user, namespace, verb, resource), so APF can cache its classification. */
  private digest(req: ApiRequest): RequestDigest {
    const shape = req.shape;
    if (shape !== undefined && shape.replica === this && shape.digest !== undefined && shape.fits(req)) return shape.digest;
    const d = this.lookUpDigest(req);
    if (shape !== undefined && shape.replica === this && shape.fits(req)) shape.digest = d;
    return d;
  }

  private lookUpDigest(req: ApiRequest): RequestDigest {
    let byNamespace = this.digests.get(req.user);
    if (byNamespace === undefined) this.digests.set(req.user, (byNamespace = new Map()));
    const ns = req.namespace ?? '';
    let shapes = byNamespace.get(ns);
    if (shapes === undefined) byNamespace.set(ns, (shapes = []));
    const code = shapeCode(req);
    let d = shapes[code];
    if (d === undefined) {
      let groups = this.groups.get(req.user);
      if (groups === undefined) this.groups.set(req.user, (groups = userGroups(req.user, req.groups)));
      shapes[code] = d = requestDigest(req, groups);
    }
    return d;
  }

  /** Seats as APF's work estimator counts them: LISTs by objects, mutating requests by watchers. */
  private workEstimate(req: ApiRequest): WorkEstimate {
    if (req.verb === 'LIST') return listWorkEstimate(this.ctx.store.count(req.kind));
    if (isMutating(req.verb)) return mutatingWorkEstimate(this.ctx.store.watcherCount(req.kind));
    return defaultWorkEstimate;
  }

  private execute(f: InFlight, finish: () => void): void {
    f.finish = finish;
    (f.mutating ? this.inflight.mutating : this.inflight.readOnly).add(1);
    const req = f.request;
    const kind = req.kind;
    const objects = req.verb === 'LIST' ? this.ctx.store.count(kind) : 1;
    const cost = this.ctx.config.requestCost;
    const work = requestCpu(cost, req.verb, objects, this.ctx.config.objectSizes[kind]);
    // Requests served by etcd run twice: up to the etcd call, and again to encode etcd's answer.
    const viaEtcd = !(req.verb === 'LIST' && this.ctx.config.watchCache);
    f.answerCpu = viaEtcd ? Math.round(work * cost.answerShare) : 0;
    this.cpu.submit(work - f.answerCpu, f);
  }

  /** After the CPU work: the watch cache or etcd, then the answer (504 if the request outlived `--request-timeout`). */
  toStorage(f: InFlight): void {
    if (this.sim.now - f.start > this.ctx.config.requestTimeout) {
      this.complete(f, { code: 504, message: 'Timeout: request did not complete within the allotted timeout' });
      return;
    }
    const req = f.request;
    if (req.verb === 'LIST' && this.ctx.config.watchCache) {
      this.complete(f, applyRequest(this.ctx.store, req));
      return;
    }
    const kind = req.kind;
    const size = this.ctx.config.objectSizes[kind];
    this.ctx.etcdFor(kind).submit<ApiResponse>({
      // An eviction writes the budget's status and deletes the pod: charged as the delete.
      operation: req.subresource === undefined ? etcdOperation[req.verb] : req.subresource === 'eviction' ? 'delete' : 'update',
      type: resourceName(kind),
      valueBytes: size,
      count: req.verb === 'LIST' ? Math.max(1, this.ctx.store.count(kind)) : 1,
      apply: () => applyRequest(this.ctx.store, req),
      done: (response) => {
        if (f.mutating && response.code < 300) this.chargeFanOut(response);
        this.encode(f, response);
      },
      fail: (failure) => this.encode(f, etcdError(failure)),
    });
  }

  /** Watch fan-out of one committed change: one event per watcher of the kind, plus the node's kubelet for a bound pod. */
  private chargeFanOut(response: ApiResponse): void {
    const obj = response.object;
    if (obj === undefined) return;
    const watchers = this.ctx.store.watcherCount(obj.kind) + (obj.kind === 'Pod' && obj.spec.nodeName !== undefined ? 1 : 0);
    if (watchers > 0) this.ctx.fanOut(watchers * this.ctx.config.requestCost.perWatchEvent);
  }

  /** etcd answered: encode the response on the CPUs, then complete. */
  private encode(f: InFlight, response: ApiResponse): void {
    if (f.answerCpu <= 0) {
      this.complete(f, response);
      return;
    }
    f.response = response;
    this.cpu.submit(f.answerCpu, f);
  }

  /** Releases the request's seats and answers it. */
  complete(f: InFlight, response: ApiResponse): void {
    (f.mutating ? this.inflight.mutating : this.inflight.readOnly).add(-1);
    f.finish();
    this.answer(f, response);
  }

  private reject(f: InFlight, reason: RejectReason): void {
    this.answer(f, { code: 429, message: `Too many requests, please try again later. (${reason})` });
  }

  private answer(f: InFlight, response: ApiResponse): void {
    if (f.answered) return;
    f.answered = true;
    const m = this.metricsFor(f.request);
    let total = m.codes.get(response.code);
    if (total === undefined) m.codes.set(response.code, (total = this.ctx.metrics.counter('apiserver_request_total', { ...m.labels, code: String(response.code) }, true)));
    total.inc();
    m.duration.observe((this.sim.now - f.start) / 1e6);
    f.respond(response);
  }

  private metricsFor(req: ApiRequest): RequestMetrics {
    const code = shapeCode(req);
    let m = this.handles[code];
    if (m === undefined) {
      const labels = { verb: req.verb, resource: resourceName(req.kind), subresource: req.subresource ?? '' };
      m = { duration: this.ctx.metrics.histogram('apiserver_request_duration_seconds', labels), codes: new Map(), labels };
      this.handles[code] = m;
    }
    return m;
  }
}

/** The apiserver's answer to an etcd failure (storage errors surface as 500; time-outs as 504). */
function etcdError(failure: EtcdFailure): ApiResponse {
  if (failure === 'NOSPACE') return { code: 500, message: 'etcdserver: mvcc: database space exceeded' };
  return { code: 504, message: 'etcdserver: request timed out' };
}
