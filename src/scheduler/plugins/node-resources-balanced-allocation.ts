/**
 * NodeResourcesBalancedAllocation (PreScore, Score), after upstream
 * pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go: favours nodes whose
 * requested/allocatable fractions of the configured resources stay close to each other, counting
 * plain requests (upstream `useRequested: true`), and skips best-effort pods (upstream #129138).
 */
import type { CycleState } from '../framework/cycle-state.js';
import type { PreScorePlugin, ScorePlugin } from '../framework/extension-points.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { PluginArgsError, type PluginDefinition } from '../framework/registry.js';
import { skip, type Result } from '../framework/status.js';
import {
  argsObject, balancedAllocationScore, compileResources, fillAllocatableRequested, parseResourceSpecs, podRequestList,
  type CompiledResource, type ResourceSpec,
} from './resource-allocation-scorer.js';

const NAME = 'NodeResourcesBalancedAllocation';

/** Defaults and validates `{resources}` as upstream (default cpu, memory; weight must be 1; no duplicates). */
export function parseBalancedAllocationArgs(raw: Readonly<Record<string, unknown>>): { readonly resources: readonly ResourceSpec[] } {
  const args = argsObject(raw, [], ['resources']);
  const resources = parseResourceSpecs(args['resources'], ['resources']);
  const seen = new Set<string>();
  resources.forEach((r, i) => {
    if (seen.has(r.name)) throw new PluginArgsError(['resources', i, 'name'], `duplicate value "${r.name}"`);
    seen.add(r.name);
    if (r.weight !== 1) throw new PluginArgsError(['resources', i, 'weight'], 'must be 1');
  });
  return { resources };
}

function isBestEffort(requests: Float64Array): boolean {
  for (let i = 0; i < requests.length; i++) if (requests[i] !== 0) return false;
  return true;
}

class BalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = NAME;
  private readonly resources: readonly CompiledResource[];
  private readonly alloc: Float64Array;
  private readonly req: Float64Array;
  private readonly fractions: Float64Array;
  private lastState: CycleState | undefined;
  private lastPod: PodInfo | undefined;
  private lastRequests: Float64Array | undefined;

  constructor(resources: readonly ResourceSpec[]) {
    this.resources = compileResources(resources);
    this.alloc = new Float64Array(resources.length);
    this.req = new Float64Array(resources.length);
    this.fractions = new Float64Array(resources.length);
  }

  preScore(state: CycleState, pod: PodInfo): Result {
    const requests = podRequestList(pod, this.resources, false);
    if (isBestEffort(requests)) return skip;
    state.write(NAME, requests);
    return null;
  }

  /** Batch Score: `score` for every node, in this plugin's own loop. */
  scoreNodes(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array): void {
    for (let i = 0; i < nodes.length; i++) out[i] = this.score(state, pod, nodes[i] as NodeInfo);
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    // One state per cycle, read for every node: keep it at hand (a Map lookup per node is measurable).
    if (state !== this.lastState || pod !== this.lastPod) {
      this.lastState = state;
      this.lastPod = pod;
      this.lastRequests = state.read<Float64Array>(NAME) ?? podRequestList(pod, this.resources, false);
    }
    const requests = this.lastRequests as Float64Array;
    if (isBestEffort(requests)) return 0;
    fillAllocatableRequested(node, this.resources, requests, true, this.alloc, this.req);
    return balancedAllocationScore(this.req, this.alloc, this.fractions);
  }
}

/** NodeResourcesBalancedAllocation: score = (1 − std of requested/allocatable fractions)·100 over `resources` (default cpu, memory). */
export const nodeResourcesBalancedAllocationPlugin: PluginDefinition = {
  name: NAME,
  factory: (args) => new BalancedAllocation(parseBalancedAllocationArgs(args).resources),
};
