/**
 * Resource-allocation scoring shared by NodeResourcesFit and NodeResourcesBalancedAllocation, after
 * upstream pkg/scheduler/framework/plugins/noderesources/{resource_allocation,least_allocated,
 * most_allocated,requested_to_capacity_ratio,balanced_allocation}.go and plugins/helper/shape_score.go.
 * Scorers read preallocated scratch arrays so Score allocates nothing per node.
 */
import { AMOUNT_ALLOC_CPU, AMOUNT_ALLOC_MEMORY, AMOUNT_NONZERO_CPU, AMOUNT_NONZERO_MEMORY, AMOUNT_REQ_CPU, AMOUNT_REQ_MEMORY, type NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { PluginArgsError } from '../framework/registry.js';
import { MaxNodeScore } from '../framework/status.js';

/** One `{name, weight}` entry of `scoringStrategy.resources` / BalancedAllocation `resources`. */
export interface ResourceSpec {
  readonly name: string;
  readonly weight: number;
}

/** Upstream's default scoring resources: cpu and memory, weight 1 each. */
export const defaultResourceSpecs: readonly ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

const KIND_CPU = 0;
const KIND_MEMORY = 1;
const KIND_EPHEMERAL = 2;
const KIND_OTHER = 3;

/** A scoring resource resolved once at plugin construction. */
export interface CompiledResource {
  readonly name: string;
  readonly weight: number;
  readonly kind: number;
  /** upstream schedutil.IsScalarResourceName: a pod that requests none of it skips it. */
  readonly scalar: boolean;
}

/** True for extended resources (`example.com/foo`, not `*kubernetes.io/*`, not `requests.*`), as upstream v1helper.IsExtendedResourceName. */
export function isExtendedResourceName(name: string): boolean {
  return name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.');
}

/** True for the resources upstream keeps in Resource.ScalarResources (extended, hugepages-*, prefixed native, attachable-volumes-*). */
export function isScalarResourceName(name: string): boolean {
  return isExtendedResourceName(name) || name.startsWith('hugepages-') || name.includes('kubernetes.io/') || name.startsWith('attachable-volumes-');
}

/** Resolves resource specs to their accounting kind. */
export function compileResources(specs: readonly ResourceSpec[]): CompiledResource[] {
  return specs.map((s) => ({
    name: s.name,
    weight: s.weight,
    kind: s.name === 'cpu' ? KIND_CPU : s.name === 'memory' ? KIND_MEMORY : s.name === 'ephemeral-storage' ? KIND_EPHEMERAL : KIND_OTHER,
    scalar: isScalarResourceName(s.name),
  }));
}

/** The pod's request of one resource; `nonZero` counts upstream's 100m/200MiB defaults for containers without a cpu/memory request. */
export function podRequestFor(pod: PodInfo, r: CompiledResource, nonZero: boolean): number {
  switch (r.kind) {
    case KIND_CPU:
      return nonZero ? pod.nonZeroMilliCpu : pod.requests.milliCpu;
    case KIND_MEMORY:
      return nonZero ? pod.nonZeroMemory : pod.requests.memory;
    case KIND_EPHEMERAL:
      return pod.requests.ephemeralStorage;
    default:
      return pod.requests.scalar.get(r.name) ?? 0;
  }
}

/** The pod's requests for all resources, in order (upstream calculatePodResourceRequestList). */
export function podRequestList(pod: PodInfo, resources: readonly CompiledResource[], nonZero: boolean): Float64Array {
  const out = new Float64Array(resources.length);
  for (let i = 0; i < resources.length; i++) out[i] = podRequestFor(pod, resources[i] as CompiledResource, nonZero);
  return out;
}

/** Fills alloc[i]/req[i] (node's + pod's request) as upstream calculateResourceAllocatableRequest; 0/0 marks a resource to skip; !useRequested uses non-zero cpu/memory. */
export function fillAllocatableRequested(
  node: NodeInfo, resources: readonly CompiledResource[], podRequests: Float64Array, useRequested: boolean, alloc: Float64Array, req: Float64Array,
): void {
  for (let i = 0; i < resources.length; i++) {
    const r = resources[i] as CompiledResource;
    const podReq = podRequests[i] as number;
    alloc[i] = 0;
    req[i] = 0;
    if (podReq === 0 && r.scalar) continue;
    switch (r.kind) {
      // cpu and memory from NodeInfo.amounts (the same numbers as allocatable, requested and the non-zero sums, in one typed array).
      case KIND_CPU:
        alloc[i] = node.amounts[AMOUNT_ALLOC_CPU] as number;
        req[i] = (node.amounts[useRequested ? AMOUNT_REQ_CPU : AMOUNT_NONZERO_CPU] as number) + podReq;
        break;
      case KIND_MEMORY:
        alloc[i] = node.amounts[AMOUNT_ALLOC_MEMORY] as number;
        req[i] = (node.amounts[useRequested ? AMOUNT_REQ_MEMORY : AMOUNT_NONZERO_MEMORY] as number) + podReq;
        break;
      case KIND_EPHEMERAL:
        alloc[i] = node.allocatable.ephemeralStorage;
        req[i] = node.requested.ephemeralStorage + podReq;
        break;
      default: {
        const a = node.allocatable.scalar.get(r.name);
        if (a !== undefined) {
          alloc[i] = a;
          req[i] = (node.requested.scalar.get(r.name) ?? 0) + podReq;
        }
      }
    }
    if (alloc[i] === 0) req[i] = 0;
  }
}

/** LeastAllocated: weighted mean of (alloc − req)·100/alloc per resource (0 when over-requested), integer arithmetic as upstream. */
export function leastAllocatedScore(req: Float64Array, alloc: Float64Array, resources: readonly CompiledResource[]): number {
  let nodeScore = 0;
  let weightSum = 0;
  for (let i = 0; i < resources.length; i++) {
    const a = alloc[i] as number;
    if (a === 0) continue;
    const r = req[i] as number;
    const w = (resources[i] as CompiledResource).weight;
    nodeScore += (r > a ? 0 : Math.trunc(((a - r) * MaxNodeScore) / a)) * w;
    weightSum += w;
  }
  return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
}

/** MostAllocated: weighted mean of req·100/alloc per resource (req capped at alloc), integer arithmetic as upstream. */
export function mostAllocatedScore(req: Float64Array, alloc: Float64Array, resources: readonly CompiledResource[]): number {
  let nodeScore = 0;
  let weightSum = 0;
  for (let i = 0; i < resources.length; i++) {
    const a = alloc[i] as number;
    if (a === 0) continue;
    const r = Math.min(req[i] as number, a);
    const w = (resources[i] as CompiledResource).weight;
    nodeScore += Math.trunc((r * MaxNodeScore) / a) * w;
    weightSum += w;
  }
  return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
}

/** One `requestedToCapacityRatio.shape` point: utilization 0..100, score 0..10. */
export interface UtilizationShapePoint {
  readonly utilization: number;
  readonly score: number;
}

/** Upstream config.MaxCustomPriorityScore: shape scores are 0..10, scaled ×10 to 0..MaxNodeScore. */
export const MaxCustomPriorityScore = 10;

/** Upstream helper.BuildBrokenLinearFunction over already-scaled points: linear between points (Go integer division), flat outside. */
export function brokenLinearFunction(shape: readonly UtilizationShapePoint[]): (p: number) => number {
  const u = shape.map((s) => s.utilization);
  const s = shape.map((x) => x.score);
  return (p: number): number => {
    for (let i = 0; i < u.length; i++) {
      if (p <= (u[i] as number)) {
        if (i === 0) return s[0] as number;
        const u0 = u[i - 1] as number;
        const s0 = s[i - 1] as number;
        return s0 + Math.trunc((((s[i] as number) - s0) * (p - u0)) / ((u[i] as number) - u0));
      }
    }
    return s[s.length - 1] as number;
  };
}

/** The RequestedToCapacityRatio scorer for a shape given in 0..10 scores: only resources scoring > 0 count, mean rounded as upstream. */
export function requestedToCapacityRatioScorer(shape: readonly UtilizationShapePoint[]):
  (req: Float64Array, alloc: Float64Array, resources: readonly CompiledResource[]) => number {
  const scaled = shape.map((p) => ({ utilization: p.utilization, score: p.score * (MaxNodeScore / MaxCustomPriorityScore) }));
  const raw = brokenLinearFunction(scaled);
  const maxUtilization = 100;
  return (req, alloc, resources) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < resources.length; i++) {
      const a = alloc[i] as number;
      if (a === 0) continue;
      const r = req[i] as number;
      const resourceScore = r > a ? raw(maxUtilization) : raw(Math.trunc((r * maxUtilization) / a));
      if (resourceScore > 0) {
        const w = (resources[i] as CompiledResource).weight;
        nodeScore += resourceScore * w;
        weightSum += w;
      }
    }
    return weightSum === 0 ? 0 : Math.round(nodeScore / weightSum);
  };
}

/** BalancedAllocation: (1 − std of the capped requested/allocatable fractions)·100, truncated (std = |f1−f2|/2 for two resources). */
export function balancedAllocationScore(req: Float64Array, alloc: Float64Array, fractions: Float64Array): number {
  let n = 0;
  let total = 0;
  for (let i = 0; i < req.length; i++) {
    const a = alloc[i] as number;
    if (a === 0) continue;
    let f = (req[i] as number) / a;
    if (f > 1) f = 1;
    total += f;
    fractions[n++] = f;
  }
  let std = 0;
  if (n === 2) {
    std = Math.abs(((fractions[0] as number) - (fractions[1] as number)) / 2);
  } else if (n > 2) {
    const mean = total / n;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const d = (fractions[i] as number) - mean;
      sum = sum + d * d;
    }
    std = Math.sqrt(sum / n);
  }
  return Math.trunc((1 - std) * MaxNodeScore);
}

/** Narrows `v` to a plain object or throws PluginArgsError at `path`; unknown keys (besides apiVersion/kind) are rejected as upstream's strict decoding. */
export function argsObject(v: unknown, path: readonly (string | number)[], known: readonly string[]): Readonly<Record<string, unknown>> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new PluginArgsError(path, 'must be an object');
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!known.includes(k) && !(path.length === 0 && (k === 'apiVersion' || k === 'kind'))) throw new PluginArgsError([...path, k], `unknown field "${k}"`);
  }
  return o;
}

/** Narrows `v` to an array (undefined/null → empty) or throws PluginArgsError at `path`. */
export function argsArray(v: unknown, path: readonly (string | number)[]): readonly unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new PluginArgsError(path, 'must be a list');
  return v;
}

/** Narrows `v` to an integer (undefined → `dflt`) or throws PluginArgsError at `path`. */
export function argsInteger(v: unknown, path: readonly (string | number)[], dflt: number): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new PluginArgsError(path, 'must be an integer');
  return v;
}

/** Narrows `v` to a string or throws PluginArgsError at `path`. */
export function argsString(v: unknown, path: readonly (string | number)[]): string {
  if (typeof v !== 'string') throw new PluginArgsError(path, 'must be a string');
  return v;
}

/** Parses `[{name, weight}]` at `path`, defaulting as upstream (empty list → cpu:1, memory:1; weight 0/absent → 1). */
export function parseResourceSpecs(raw: unknown, path: readonly (string | number)[]): ResourceSpec[] {
  const list = argsArray(raw, path);
  if (list.length === 0) return defaultResourceSpecs.map((r) => ({ ...r }));
  return list.map((item, i) => {
    const o = argsObject(item, [...path, i], ['name', 'weight']);
    const name = argsString(o['name'], [...path, i, 'name']);
    const weight = argsInteger(o['weight'], [...path, i, 'weight'], 0);
    return { name, weight: weight === 0 ? 1 : weight };
  });
}
