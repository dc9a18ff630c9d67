/** Compiles `cluster.apiserver`: replicas, kube-apiserver flags, APF objects and the request cost model. */
import type { Kind } from '../api/objects.js';
import {
  defaultApiserverCpus,
  defaultEtcdCompactionInterval,
  defaultMaxMutatingRequestsInflight,
  defaultMaxRequestsInflight,
  defaultRequestTimeout,
  type EtcdServersOverride,
  type KubeApiserverConfig,
} from '../controlplane/apiserver/kube-apiserver-config.js';
import { defaultObjectSizes, type ObjectSizes } from '../controlplane/apiserver/object-size.js';
import { defaultRequestCost, type RequestCostConfig } from '../controlplane/apiserver/request-cost.js';
import type { Verb } from '../controlplane/apiserver/request.js';
import { bootstrapFlowControl } from '../controlplane/apiserver/flowcontrol/bootstrap-configuration.js';
import type { FlowSchema, PriorityLevelConfiguration } from '../controlplane/apiserver/flowcontrol/flowcontrol-types.js';
import { mergeWithBootstrap, validateFlowControl } from '../controlplane/apiserver/flowcontrol/validation.js';
import type { CompileContext } from './compile-context.js';
import type { FieldPath } from './input-error.js';

type Raw = Record<string, unknown>;


function num(ctx: CompileContext, path: FieldPath, raw: unknown, kind: 'integer' | 'duration' | 'number' | 'size' | 'fraction', min: number, fallback: number): number {
  if (raw === undefined) return fallback;
  const v = ctx.atLeast(path, raw, kind, min);
  return Number.isNaN(v) ? fallback : v;
}

/** Parses `--etcd-servers-overrides` entries `group/resource#cluster` (`/events#events` for core events). */
function overrides(ctx: CompileContext, path: FieldPath, raw: readonly string[]): EtcdServersOverride[] {
  const out: EtcdServersOverride[] = [];
  raw.forEach((entry, i) => {
    const m = /^([^/#]*)\/([a-z0-9.-]+)#([a-z0-9-]+)$/.exec(entry);
    if (m === null) {
      ctx.problem([...path, i], `expected "group/resource#cluster" (e.g. "/events#events" or "coordination.k8s.io/leases#leases"), got "${entry}"`);
      return;
    }
    const [, group = '', resource = '', cluster = ''] = m;
    out.push({ group, resource, cluster: ctx.etcdCluster([...path, i], cluster) });
  });
  return out;
}

function requestCost(ctx: CompileContext, path: FieldPath, raw: Raw | undefined): RequestCostConfig {
  if (raw === undefined) return defaultRequestCost;
  const base = (raw['base'] ?? {}) as Raw;
  const verbs = Object.keys(defaultRequestCost.base) as Verb[];
  const d = defaultRequestCost;
  return {
    base: Object.fromEntries(verbs.map((v) => [v, num(ctx, [...path, 'base', v], base[v], 'duration', 0, d.base[v])])) as Record<Verb, number>,
    perByte: num(ctx, [...path, 'perByte'], raw['perByte'], 'number', 0, d.perByte),
    perListedObject: num(ctx, [...path, 'perListedObject'], raw['perListedObject'], 'duration', 0, d.perListedObject),
    perWatchEvent: num(ctx, [...path, 'perWatchEvent'], raw['perWatchEvent'], 'duration', 0, d.perWatchEvent),
    answerShare: num(ctx, [...path, 'answerShare'], raw['answerShare'], 'fraction', 0, d.answerShare),
  };
}

function objectSizes(ctx: CompileContext, path: FieldPath, raw: Raw | undefined): ObjectSizes {
  if (raw === undefined) return defaultObjectSizes;
  const kinds = Object.keys(defaultObjectSizes) as Kind[];
  return Object.fromEntries(kinds.map((k) => [k, num(ctx, [...path, k], raw[k], 'size', 1, defaultObjectSizes[k])])) as Record<Kind, number>;
}

/** Compiles `cluster.apiserver` at `path` (after the etcd clusters, whose names overrides may use). */
export function compileApiserver(ctx: CompileContext, path: FieldPath, raw: Raw): KubeApiserverConfig {
  const userSchemas = (raw['flowSchemas'] ?? []) as FlowSchema[];
  const userLevels = (raw['priorityLevelConfigurations'] ?? []) as PriorityLevelConfiguration[];
  const merged = mergeWithBootstrap(bootstrapFlowControl, userSchemas, userLevels);
  for (const p of validateFlowControl(merged.flowSchemas, merged.priorityLevels, userSchemas, userLevels)) ctx.problem([...path, ...p.path], p.message);
  const mutating = num(ctx, [...path, 'max-mutating-requests-inflight'], raw['max-mutating-requests-inflight'], 'integer', 0, defaultMaxMutatingRequestsInflight);
  const reading = num(ctx, [...path, 'max-requests-inflight'], raw['max-requests-inflight'], 'integer', 0, defaultMaxRequestsInflight);
  const apfRaw = raw['enable-priority-and-fairness'];
  // A boolean, or an expression of params where 0 means false (so one file can compare both).
  const apf = typeof apfRaw === 'boolean' ? apfRaw : apfRaw === undefined ? true : ctx.value([...path, 'enable-priority-and-fairness'], apfRaw, 'number') !== 0;
  if (apf && mutating + reading === 0) ctx.problem([...path, 'max-requests-inflight'], 'with API Priority and Fairness the server concurrency limit (the sum of both inflight limits) must be > 0');
  return {
    replicas: num(ctx, [...path, 'replicas'], raw['replicas'], 'integer', 1, 1),
    maxRequestsInflight: reading,
    maxMutatingRequestsInflight: mutating,
    enablePriorityAndFairness: apf,
    requestTimeout: num(ctx, [...path, 'request-timeout'], raw['request-timeout'], 'duration', 1, defaultRequestTimeout),
    cpus: num(ctx, [...path, 'cpus'], raw['cpus'], 'integer', 1, defaultApiserverCpus),
    watchCache: (raw['watchCache'] as boolean | undefined) ?? true,
    flowSchemas: merged.flowSchemas,
    priorityLevelConfigurations: merged.priorityLevels,
    requestCost: requestCost(ctx, [...path, 'requestCost'], raw['requestCost'] as Raw | undefined),
    objectSizes: objectSizes(ctx, [...path, 'objectSizes'], raw['objectSizes'] as Raw | undefined),
    etcdCompactionInterval: num(ctx, [...path, 'etcd-compaction-interval'], raw['etcd-compaction-interval'], 'duration', 0, defaultEtcdCompactionInterval),
    etcdServersOverrides: overrides(ctx, [...path, 'etcd-servers-overrides'], (raw['etcd-servers-overrides'] ?? []) as string[]),
  };
}
