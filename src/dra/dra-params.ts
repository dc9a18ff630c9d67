/**
 * Parameters of the node side of DRA (`cluster.dra` in a scenario): the driver's
 * NodePrepareResources latency, the GPU cold-start model and the GPU utilisation model. No
 * published measurement pins these down; the defaults are the assumptions of
 * scenarios/dra-gpu-sharing.yaml, which reproduces the users' before/after table (REFERENCE.md,
 * DRA GPU sharing: whole GPU 63 % busy and 12 s cold start, shared 89 % and 6 s).
 */
import type { Distribution } from '../engine/distribution.js';
import { createDistribution } from '../engine/distribution.js';

/** GPU sharing strategies, as the modelled driver publishes them in the `sharingStrategy` attribute (MIG partitions count as MIG). */
export type SharingStrategy = 'Exclusive' | 'Shares' | 'TimeSlicing' | 'MPS' | 'MIG';

/** Every sharing strategy. */
export const sharingStrategies: readonly SharingStrategy[] = ['Exclusive', 'Shares', 'TimeSlicing', 'MPS', 'MIG'];

/** Node-side DRA parameters. */
export interface DraParams {
  /** NodePrepareResources of the driver's kubelet plugin (CDI spec, device nodes), per pod. */
  readonly prepareLatency: Distribution;
  /** Extra start time of a pod's GPU work on a GPU with no other consumer (driver and CUDA context initialisation, model load into GPU memory). */
  readonly coldStartFirst: Distribution;
  /** Extra start time on a GPU that already has a consumer (initialised device, weights in the host page cache). */
  readonly coldStartShared: Distribution;
  /** Share of a GPU's time lost when two or more consumers share it, by strategy (context switches; MPS less; MIG none). */
  readonly overhead: Readonly<Record<SharingStrategy, number>>;
  /** GPU demand (fraction of one whole GPU a pod would use alone) of pods without the `kubesim.io/gpu-demand` annotation. */
  readonly defaultDemand: number;
}

/** Annotation giving a pod's GPU demand as a fraction of one GPU ("0.63"). */
export const gpuDemandAnnotation = 'kubesim.io/gpu-demand';

/**
 * Defaults (the scenario's assumptions, see the module comment): prepare median 300 ms; first
 * consumer 8.5 s median (CUDA context and a multi-GB model load), a shared consumer 0.6 s;
 * overhead 11 % for time-sliced sharing (Shares, TimeSlicing) and 4 % for MPS, whose clients
 * run concurrently rather than in turns; MIG partitions are isolated hardware (0).
 */
export const defaultDraParams = {
  prepareLatency: { lognormal: { median: 300_000, p99: 1_000_000 } },
  coldStartFirst: { lognormal: { median: 8_500_000, p99: 10_500_000 } },
  coldStartShared: { lognormal: { median: 600_000, p99: 1_100_000 } },
  overhead: { Exclusive: 0, Shares: 0.11, TimeSlicing: 0.11, MPS: 0.04, MIG: 0 },
  defaultDemand: 1,
} as const;

/** DraParams from the defaults. */
export function defaultDra(): DraParams {
  return {
    prepareLatency: createDistribution(defaultDraParams.prepareLatency),
    coldStartFirst: createDistribution(defaultDraParams.coldStartFirst),
    coldStartShared: createDistribution(defaultDraParams.coldStartShared),
    overhead: defaultDraParams.overhead,
    defaultDemand: defaultDraParams.defaultDemand,
  };
}
