/** Compiles the `cluster:` section: etcd clusters, apiserver, scheduler, kubelets, node pools. */
import type { Taint } from '../api/objects.js';
import { defaultWatchDelay } from '../api/object-store.js';
import { createDistribution, type Distribution, type DistributionSpec } from '../engine/distribution.js';
import { compileDra } from './compile-dra.js';
import { defaultKubeletClient, defaultSandboxLatency, defaultStartLatency } from '../node/kubelet/kubelet-defaults.js';
import { compileEviction } from './compile-eviction.js';
import { defaultNodefsCapacity } from '../node/eviction/eviction-config.js';
import { zoneLabel } from '../controllers/node-lifecycle/zone-state.js';
import { compileNodeLifecycle } from './compile-node-lifecycle.js';
import { defaultHeartbeatConfig } from '../node/node-heartbeat.js';
import { compileControllerManager } from './compile-controller-manager.js';
import { compileApiserver } from './compile-apiserver.js';
import { compileEtcdClusters } from './compile-etcd.js';
import { compileNodeImageResources } from './compile-images.js';
import type { Registry } from '../scheduler/framework/registry.js';
import { compileSchedulerConfiguration } from './compile-scheduler.js';
import type { CompileContext } from './compile-context.js';
import type { FieldPath } from './input-error.js';
import type { ClusterSpec, NodePoolSpec } from './spec.js';

type Raw = Record<string, unknown>;

function dist(ctx: CompileContext, path: FieldPath, raw: unknown, fallback: DistributionSpec): Distribution {
  if (raw === undefined) return createDistribution(fallback);
  return ctx.durationDistribution(path, raw) ?? createDistribution(fallback);
}

function optional(ctx: CompileContext, path: FieldPath, raw: unknown, kind: 'integer' | 'duration' | 'number' | 'rate', min: number, fallback: number): number {
  if (raw === undefined) return fallback;
  const v = ctx.atLeast(path, raw, kind, min);
  return Number.isNaN(v) ? fallback : v;
}

/** Compiles a node pool at `path`. */
export function compileNodePool(ctx: CompileContext, path: FieldPath, raw: Raw): NodePoolSpec {
  const capacity = ctx.resources([...path, 'capacity'], raw['capacity']);
  const allocatable = raw['allocatable'] === undefined ? capacity : ctx.resources([...path, 'allocatable'], raw['allocatable']);
  for (const [name, amount] of Object.entries(allocatable)) {
    if (amount > (capacity[name] ?? Infinity)) ctx.problem([...path, 'allocatable', name], `must not exceed capacity (${capacity[name] ?? 0})`);
  }
  if (allocatable['pods'] === undefined) ctx.problem([...path, 'capacity', 'pods'], 'required (maxPods of the node, e.g. 110)');
  return {
    name: String(raw['name']),
    count: ctx.atLeast([...path, 'count'], raw['count'], 'integer', 0),
    capacity,
    allocatable,
    labels: (raw['labels'] as Record<string, string> | undefined) ?? {},
    taints: (raw['taints'] as Taint[] | undefined) ?? [],
    kubelet: (raw['kubelet'] as boolean | undefined) ?? true,
    images: ((raw['images'] ?? []) as { names: string[]; sizeBytes: unknown }[]).map((img, i) => ({
      names: img.names,
      sizeBytes: ctx.atLeast([...path, 'images', i, 'sizeBytes'], img.sizeBytes, 'size', 0),
    })),
    imageResources: compileNodeImageResources(ctx, path, raw),
    // Node capacity `ephemeral-storage` is the size of nodefs (cAdvisor's root filesystem); 100 GiB as the image model's imagefs default otherwise.
    nodefsCapacity: capacity['ephemeral-storage'] ?? defaultNodefsCapacity,
    zones: compilePoolZones(ctx, path, raw),
  };
}

/** The pool's `zones` (its nodes' `topology.kubernetes.io/zone`, round-robin); a zone label in `labels` as well is an error. */
function compilePoolZones(ctx: CompileContext, path: FieldPath, raw: Raw): string[] {
  const zones = (raw['zones'] as string[] | undefined) ?? [];
  const labels = (raw['labels'] as Record<string, string> | undefined) ?? {};
  if (zones.length > 0 && labels[zoneLabel] !== undefined) ctx.problem([...path, 'zones'], `give the zone either in zones or as the label ${zoneLabel}, not both`);
  return zones;
}

/** Compiles `cluster`, filling unset parameters with the cited defaults of each model. */
export function compileCluster(ctx: CompileContext, raw: Raw, registry: Registry): ClusterSpec {
  const p: FieldPath = ['cluster'];
  const etcd = compileEtcdClusters(ctx, raw);
  ctx.etcdClusterNames = [...etcd.keys()];
  const kubelet = (raw['kubelet'] ?? {}) as Raw;
  const pools = ((raw['nodePools'] ?? []) as Raw[]).map((pool, i) => compileNodePool(ctx, [...p, 'nodePools', i], pool));
  const names = new Set<string>();
  pools.forEach((pool, i) => {
    if (names.has(pool.name)) ctx.problem([...p, 'nodePools', i, 'name'], `duplicate node pool name "${pool.name}"`);
    names.add(pool.name);
  });
  return {
    apiserver: compileApiserver(ctx, [...p, 'apiserver'], (raw['apiserver'] ?? {}) as Raw),
    etcd,
    watchDelay: dist(ctx, [...p, 'watchDelay'], raw['watchDelay'], defaultWatchDelay),
    scheduler: compileSchedulerConfiguration(ctx, [...p, 'scheduler'], raw['scheduler'] as Raw | undefined, registry),
    registry,
    kubelet: {
      startLatency: dist(ctx, [...p, 'kubelet', 'startLatency'], kubelet['startLatency'], defaultStartLatency),
      sandboxLatency: dist(ctx, [...p, 'kubelet', 'sandboxLatency'], kubelet['sandboxLatency'], defaultSandboxLatency),
      eviction: compileEviction(ctx, [...p, 'kubelet'], kubelet),
      clientConnection: {
        qps: optional(ctx, [...p, 'kubelet', 'kubeAPIQPS'], kubelet['kubeAPIQPS'], 'rate', 0, defaultKubeletClient.qps),
        burst: optional(ctx, [...p, 'kubelet', 'kubeAPIBurst'], kubelet['kubeAPIBurst'], 'integer', 1, defaultKubeletClient.burst),
      },
      heartbeat: {
        nodeLeaseDurationSeconds: optional(ctx, [...p, 'kubelet', 'nodeLeaseDurationSeconds'], kubelet['nodeLeaseDurationSeconds'], 'integer', 1, defaultHeartbeatConfig.nodeLeaseDurationSeconds),
        nodeStatusUpdateFrequency: optional(ctx, [...p, 'kubelet', 'nodeStatusUpdateFrequency'], kubelet['nodeStatusUpdateFrequency'], 'duration', 1, defaultHeartbeatConfig.nodeStatusUpdateFrequency),
        nodeStatusReportFrequency: optional(ctx, [...p, 'kubelet', 'nodeStatusReportFrequency'], kubelet['nodeStatusReportFrequency'], 'duration', 1, defaultHeartbeatConfig.nodeStatusReportFrequency),
      },
    },
    nodePools: pools,
    dra: compileDra(ctx, [...p, 'dra'], raw['dra'] as Raw | undefined),
    nodeLifecycle: compileNodeLifecycle(ctx, [...p, 'nodeLifecycleController'], raw['nodeLifecycleController'] as Raw | undefined),
    controllerManager: compileControllerManager(ctx, [...p, 'controllerManager'], raw['controllerManager'] as Raw | undefined),
  };
}
