/**
 * `apiRequests`: a user of the cluster sends requests of one verb and resource through its own
 * client, either open-loop at `rate` per second or closed-loop from `clients` concurrent
 * callers (each sends the next request when the previous one is answered) — a LIST storm is
 * `verb: list` with many clients. It runs for `duration` (or until `count` requests were sent);
 * with `background: true` (as for any op) the next ops start at once and it runs alongside them.
 */
import type { Kind, KubeObject } from '../../api/objects.js';
import type { ApiRequest, ApiResponse, Verb } from '../../controlplane/apiserver/request.js';
import { Signal, type Wait } from '../../engine/process.js';
import type { RandomStream } from '../../engine/rng.js';
import { expr } from '../schema.js';
import type { RunContext } from '../run-context.js';
import type { OpDefinition } from './registry.js';

/** How often target snapshots are refreshed (µs). */
const snapshotInterval = 10_000_000;

const verbs: Readonly<Record<string, Verb>> = { list: 'LIST', get: 'GET', patch: 'PATCH', delete: 'DELETE' };
const kinds: Readonly<Record<string, Kind>> = {
  pods: 'Pod', nodes: 'Node', leases: 'Lease', deviceclasses: 'DeviceClass', resourceslices: 'ResourceSlice', resourceclaims: 'ResourceClaim', resourceclaimtemplates: 'ResourceClaimTemplate', replicasets: 'ReplicaSet', deployments: 'Deployment', statefulsets: 'StatefulSet',
  poddisruptionbudgets: 'PodDisruptionBudget', priorityclasses: 'PriorityClass',
  jobs: 'Job',
  daemonsets: 'DaemonSet', horizontalpodautoscalers: 'HorizontalPodAutoscaler',
};

interface Load {
  readonly user: string;
  readonly groups: readonly string[];
  readonly verb: Verb;
  readonly kind: Kind;
  readonly namespace: string | undefined;
  readonly rate: number;
  readonly clients: number;
  readonly duration: number;
  readonly count: number;
  readonly qps: number;
  readonly burst: number;
}

/**
 * Picks existing objects for GET/PATCH/DELETE from a snapshot of the store, as a client's informer
 * cache would: refreshed every 10 virtual seconds (or at once while empty), so a pick may name an
 * object deleted since (404) — and 150,000 pods are not copied every second.
 */
class Targets {
  private snapshot: KubeObject[] = [];
  private takenAt = -Infinity;
  constructor(private readonly run: RunContext, private readonly kind: Kind, private readonly rng: RandomStream) {}
  pick(): KubeObject | undefined {
    if (this.run.sim.now - this.takenAt >= snapshotInterval || this.snapshot.length === 0) {
      this.snapshot = this.run.cluster.store.list(this.kind);
      this.takenAt = this.run.sim.now;
    }
    return this.snapshot.length === 0 ? undefined : this.snapshot[this.rng.int(this.snapshot.length)];
  }
}

function request(load: Load, targets: Targets, seq: number): ApiRequest | undefined {
  const base = { verb: load.verb, kind: load.kind, user: load.user, groups: load.groups };
  if (load.verb === 'LIST') return load.namespace === undefined ? base : { ...base, namespace: load.namespace };
  const obj = targets.pick();
  if (obj === undefined) return undefined;
  const m = obj.metadata;
  const named = { ...base, name: m.name, ...(m.namespace === undefined ? {} : { namespace: m.namespace }) };
  if (load.verb !== 'PATCH') return named;
  // A label change as a merge patch (kubectl label): applies to the current version.
  return { ...named, body: { metadata: { labels: { 'kubesim.io/touched': String(seq) } } } };
}

function* drive(run: RunContext, load: Load, index: number): Generator<Wait, void, unknown> {
  const client = run.cluster.client(load.user, load.qps, load.burst);
  const targets = new Targets(run, load.kind, run.cluster.streams.stream(`apiRequests-${index}`));
  const end = run.sim.now + load.duration;
  let sent = 0;
  let outstanding = 0;
  const drained = new Signal<void>(run.sim);
  let finished = false;
  const more = (): boolean => run.sim.now < end && sent < load.count;
  const send = (after: (r: ApiResponse) => void): boolean => {
    const req = request(load, targets, sent);
    if (req === undefined) return false;
    sent++;
    outstanding++;
    client.send(req, (r) => {
      outstanding--;
      after(r);
      if (finished && outstanding === 0 && !drained.fired) drained.fire();
    });
    return true;
  };
  if (load.clients > 0) {
    // A caller with nothing to act on (no objects yet) tries again a second later.
    const allSent = new Signal<void>(run.sim);
    const loop = (): void => {
      if (!more()) return;
      if (!send(loop)) run.sim.schedule(1_000_000, retry, loop);
      else if (sent === load.count && !allSent.fired) allSent.fire();
    };
    const retry = run.sim.register<() => void>((f) => f());
    for (let c = 0; c < load.clients && more(); c++) loop();
    if (Number.isFinite(end)) yield Math.max(0, end - run.sim.now);
    else yield allSent;
  } else {
    const start = run.sim.now;
    for (let i = 0; more(); i++) {
      const due = start + Math.round((i * 1e6) / load.rate);
      if (due >= end) break;
      if (due > run.sim.now) yield due - run.sim.now;
      send(() => undefined);
    }
  }
  finished = true;
  if (outstanding > 0) yield drained;
}

/** The apiRequests op. */
export const apiRequestsOp: OpDefinition = {
  opcode: 'apiRequests',
  schema: {
    required: ['verb', 'resource'],
    properties: {
      user: { type: 'string' },
      groups: { type: 'array', items: { type: 'string' } },
      verb: { enum: Object.keys(verbs) },
      resource: { enum: Object.keys(kinds) },
      namespace: { type: 'string' },
      rate: expr,
      clients: expr,
      duration: expr,
      count: expr,
      qps: expr,
      burst: expr,
    },
  },
  compile(ctx, path, raw, index) {
    if ((raw['rate'] === undefined) === (raw['clients'] === undefined)) ctx.problem(path, 'give exactly one of rate (open loop) or clients (closed loop)');
    if (raw['duration'] === undefined && raw['count'] === undefined) ctx.problem(path, 'give duration, count or both');
    const load: Load = {
      user: (raw['user'] as string | undefined) ?? 'kubesim-user',
      groups: (raw['groups'] as string[] | undefined) ?? [],
      verb: verbs[String(raw['verb'])] ?? 'LIST',
      kind: kinds[String(raw['resource'])] ?? 'Pod',
      namespace: raw['namespace'] as string | undefined,
      rate: raw['rate'] === undefined ? 0 : ctx.atLeast([...path, 'rate'], raw['rate'], 'rate', Number.MIN_VALUE),
      clients: raw['clients'] === undefined ? 0 : ctx.atLeast([...path, 'clients'], raw['clients'], 'integer', 1),
      duration: raw['duration'] === undefined ? Infinity : ctx.atLeast([...path, 'duration'], raw['duration'], 'duration', 1),
      count: raw['count'] === undefined ? Infinity : ctx.atLeast([...path, 'count'], raw['count'], 'integer', 1),
      qps: raw['qps'] === undefined ? 0 : ctx.atLeast([...path, 'qps'], raw['qps'], 'rate', 0),
      burst: raw['burst'] === undefined ? 1 : ctx.atLeast([...path, 'burst'], raw['burst'], 'integer', 1),
    };
    return {
      opcode: 'apiRequests',
      index,
      *run(run) {
        yield* drive(run, load, index);
      },
    };
  },
};
