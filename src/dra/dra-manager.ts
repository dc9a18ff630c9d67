/**
 * The scheduler's view of DRA objects (upstream DefaultDRAManager: DeviceClass, ResourceSlice and
 * ResourceClaim informers plus the in-flight allocations of claims reserved but not yet written):
 * compiled class selectors, each node's candidate devices, what is allocated on them, and the
 * NodeGpus of nodes with GPU devices, kept current on the scheduler's NodeInfos.
 */
import { objectKey } from '../api/objects.js';
import type { ObjectStore, Watch } from '../api/object-store.js';
import { compileSelector, type CompiledSelector } from './cel/device-selector.js';
import { candidatesOf } from './allocation/candidate-devices.js';
import { deviceId, DeviceUsage, type CandidateDevice } from './allocation/device-usage.js';
import { nodeGpusOf } from './node-gpu-view.js';
import type { NodeGpus } from './gpu/node-gpus.js';
import type { DeviceClass, DeviceRequestAllocationResult, ResourceClaim, ResourceSlice } from './resource-api.js';
import { ClaimWrites } from './claim-writes.js';
import type { Histogram, MetricsSink } from '../metrics/sink.js';

/** The kind of DRA change, for requeueing pods (upstream cluster events on these resources). */
export type DraEvent = 'ResourceClaimChange' | 'ResourceSliceChange' | 'DeviceClassChange';

/** Where NodeGpus are written: the scheduler's NodeInfos by name. */
export interface GpuHolder {
  get(nodeName: string): { gpus: NodeGpus | undefined } | undefined;
}

/** What the scheduler records about DRA: attempts per pod with claims, and claim creation to allocation written. */
export interface DraSchedulerMetrics {
  readonly attempts: Histogram;
  readonly allocationLatency: Histogram;
}

/** DRA scheduler metrics created on first use (a run without DRA reports none). */
export function draSchedulerMetrics(sink: MetricsSink): DraSchedulerMetrics {
  return {
    get attempts(): Histogram {
      return sink.histogram('dra_pod_scheduling_attempts');
    },
    get allocationLatency(): Histogram {
      return sink.histogram('dra_resource_claim_allocation_duration_seconds');
    },
  };
}

interface AllocatedOnNode {
  readonly device: CandidateDevice;
  readonly result: DeviceRequestAllocationResult;
}

/** Informer-fed DRA state of one scheduler. */
export class DraManager {
  private readonly classes = new Map<string, { readonly obj: DeviceClass; readonly selectors: readonly CompiledSelector[] }>();
  private readonly claims = new Map<string, ResourceClaim>();
  private readonly slicesByNode = new Map<string, Map<string, ResourceSlice>>();
  private readonly candidatesByNode = new Map<string, CandidateDevice[]>();
  private readonly devicesById = new Map<string, { readonly node: string; readonly device: CandidateDevice }>();
  /** Allocation results per node per claim key (written allocations and in-flight ones). */
  private readonly allocatedByNode = new Map<string, Map<string, AllocatedOnNode[]>>();
  private readonly written = new Map<string, string>();
  private readonly inFlight = new Map<string, string>();
  /** Allocation results of in-flight claims (decided in Reserve, not yet seen written). */
  private readonly inFlightResults = new Map<string, readonly DeviceRequestAllocationResult[]>();
  /** The scheduler's own claim writes: assume cache, reservations in flight, one write per claim at a time. */
  readonly writes = new ClaimWrites();
  private readonly usageCache = new Map<string, DeviceUsage>();
  private readonly dirtyGpus = new Set<string>();
  private readonly watches: Watch[];
  /** Bumped whenever a DeviceClass or a node's devices change (for caches of what classes select). */
  generation = 0;
  /** Where the DynamicResources plugin records its metrics (none in unit tests). */
  metrics: DraSchedulerMetrics | undefined;

  /**
   * Lists and watches the DRA kinds in `store`; `onChange` hears every change (to requeue pods);
   * `holder` (the scheduler's cache) gets each node's NodeGpus as soon as they change.
   */
  constructor(store: ObjectStore, private readonly onChange: (event: DraEvent) => void, private readonly holder?: GpuHolder) {
    this.watches = [
      store.watch('DeviceClass', (e) => this.onClass(e.type, e.object), { list: true }),
      store.watch('ResourceSlice', (e) => this.onSlice(e.type, e.object), { list: true }),
      store.watch('ResourceClaim', (e) => this.onClaim(e.type, e.object), { list: true }),
    ];
  }

  /** Stops the watches. */
  stop(): void {
    for (const w of this.watches) w.stop();
  }

  /** The compiled selectors of DeviceClass `name`, undefined when the class does not exist. */
  classSelectors(name: string): readonly CompiledSelector[] | undefined {
    return this.classes.get(name)?.selectors;
  }

  /** The claim `namespace/name`: the informer's, or this scheduler's own newer write of it. */
  claim(key: string): ResourceClaim | undefined {
    return this.writes.newest(this.claims.get(key));
  }

  /** The in-flight allocation of a claim (node and results), if Reserve decided one not yet written. */
  pendingAllocation(key: string): { readonly node: string; readonly results: readonly DeviceRequestAllocationResult[] } | undefined {
    const node = this.inFlight.get(key);
    const results = this.inFlightResults.get(key);
    return node === undefined || results === undefined ? undefined : { node, results };
  }

  /** Devices usable on `node` in slice order. */
  candidates(node: string): readonly CandidateDevice[] {
    return this.candidatesByNode.get(node) ?? [];
  }

  /** Every node's devices (for a representative device of a class). */
  allCandidates(): IterableIterator<readonly CandidateDevice[]> {
    return this.candidatesByNode.values();
  }

  /** The node a claim's allocation (written or in flight) is on. */
  allocatedNode(key: string): string | undefined {
    return this.inFlight.get(key) ?? this.written.get(key);
  }

  /** What is allocated on `node` (cached until something there changes). */
  usage(node: string): DeviceUsage {
    let u = this.usageCache.get(node);
    if (u === undefined) {
      u = new DeviceUsage();
      for (const list of this.allocatedByNode.get(node)?.values() ?? []) for (const a of list) u.apply(a.device, a.result, 1);
      this.usageCache.set(node, u);
    }
    return u;
  }

  /** Records an allocation decided in Reserve before it is written (upstream SignalClaimPendingAllocation). */
  assume(key: string, node: string, results: readonly DeviceRequestAllocationResult[]): void {
    this.inFlight.set(key, node);
    this.inFlightResults.set(key, results);
    this.setAllocated(key, node, results);
    this.flush();
  }

  /** Drops an in-flight allocation (Unreserve, or the written one has arrived). */
  forget(key: string): void {
    const node = this.inFlight.get(key);
    if (node === undefined) return;
    this.inFlight.delete(key);
    this.inFlightResults.delete(key);
    if (this.written.get(key) !== node) this.clearAllocated(key, node);
    this.flush();
  }

  /** Writes NodeGpus onto the NodeInfos of nodes whose GPU view changed. */
  syncGpus(holder: GpuHolder): void {
    if (this.dirtyGpus.size === 0) return;
    for (const node of [...this.dirtyGpus]) {
      const ni = holder.get(node);
      if (ni === undefined) continue;
      const allocated: AllocatedOnNode[] = [];
      for (const list of this.allocatedByNode.get(node)?.values() ?? []) allocated.push(...list);
      ni.gpus = nodeGpusOf(this.candidates(node), allocated);
      this.dirtyGpus.delete(node);
    }
  }

  /** Marks a node's GPU view for rewriting (e.g. its NodeInfo was just created). */
  touchNode(node: string): void {
    if (this.candidatesByNode.has(node)) this.dirtyGpus.add(node);
    this.flush();
  }

  private flush(): void {
    if (this.holder !== undefined) this.syncGpus(this.holder);
  }

  private onClass(type: string, obj: DeviceClass): void {
    this.generation++;
    if (type === 'DELETED') this.classes.delete(obj.metadata.name);
    else {
      const selectors: CompiledSelector[] = [];
      for (const s of obj.spec.selectors ?? []) {
        if (s.cel === undefined) continue;
        const c = compileSelector(s.cel.expression);
        selectors.push('selector' in c ? c.selector : { expression: s.cel.expression, matches: () => false });
      }
      this.classes.set(obj.metadata.name, { obj, selectors });
    }
    this.onChange('DeviceClassChange');
  }

  private onSlice(type: string, slice: ResourceSlice): void {
    const node = slice.spec.nodeName;
    if (node === undefined) return;
    let m = this.slicesByNode.get(node);
    if (m === undefined) this.slicesByNode.set(node, (m = new Map()));
    if (type === 'DELETED') m.delete(slice.metadata.name);
    else m.set(slice.metadata.name, slice);
    this.rebuildNode(node, m);
    this.flush();
    this.onChange('ResourceSliceChange');
  }

  private rebuildNode(node: string, slices: ReadonlyMap<string, ResourceSlice>): void {
    this.generation++;
    for (const d of this.candidatesByNode.get(node) ?? []) this.devicesById.delete(d.id);
    const list: CandidateDevice[] = [];
    for (const s of slices.values()) {
      for (const cd of candidatesOf(s)) {
        list.push(cd);
        this.devicesById.set(cd.id, { node, device: cd });
      }
    }
    this.candidatesByNode.set(node, list);
    // Re-resolve allocations on the node against the new device objects.
    const byClaim = this.allocatedByNode.get(node);
    if (byClaim !== undefined) {
      for (const [key, entries] of byClaim) this.setAllocated(key, node, entries.map((e) => e.result));
    }
    this.usageCache.delete(node);
    this.dirtyGpus.add(node);
  }

  private onClaim(type: string, claim: ResourceClaim): void {
    const key = objectKey(claim.metadata);
    const before = this.written.get(key);
    if (type === 'DELETED') {
      this.claims.delete(key);
      this.writes.forget(key);
      this.inFlight.delete(key);
      this.inFlightResults.delete(key);
      if (before !== undefined) this.clearAllocated(key, before);
      this.written.delete(key);
      for (const [node, m] of this.allocatedByNode) if (m.has(key)) this.clearAllocated(key, node);
    } else {
      this.claims.set(key, claim);
      this.writes.seen(claim);
      const results = claim.status.allocation?.devices.results;
      if (results !== undefined && results.length > 0) {
        const node = this.nodeOf(results);
        if (node !== undefined) {
          this.written.set(key, node);
          this.inFlight.delete(key);
          this.inFlightResults.delete(key);
          this.setAllocated(key, node, results);
        }
      } else if (before !== undefined) {
        this.written.delete(key);
        if (!this.inFlight.has(key)) this.clearAllocated(key, before);
      }
    }
    this.flush();
    this.onChange('ResourceClaimChange');
  }

  private nodeOf(results: readonly DeviceRequestAllocationResult[]): string | undefined {
    for (const r of results) {
      const d = this.devicesById.get(deviceId(r.driver, r.pool, r.device));
      if (d !== undefined) return d.node;
    }
    return undefined;
  }

  private setAllocated(key: string, node: string, results: readonly DeviceRequestAllocationResult[]): void {
    let m = this.allocatedByNode.get(node);
    if (m === undefined) this.allocatedByNode.set(node, (m = new Map()));
    const entries: AllocatedOnNode[] = [];
    for (const r of results) {
      const d = this.devicesById.get(deviceId(r.driver, r.pool, r.device));
      if (d !== undefined) entries.push({ device: d.device, result: r });
    }
    m.set(key, entries);
    this.usageCache.delete(node);
    this.dirtyGpus.add(node);
  }

  private clearAllocated(key: string, node: string): void {
    const m = this.allocatedByNode.get(node);
    if (m === undefined || !m.delete(key)) return;
    this.usageCache.delete(node);
    this.dirtyGpus.add(node);
  }
}
