/**
 * MIG profiles of an A100/H100-class GPU (NVIDIA Multi-Instance GPU user guide, "Supported MIG
 * profiles" for A100-SXM4-40GB: 7 compute slices and 8 memory slices; 1g.5gb up to 7 instances,
 * 1g.10gb 4, 2g.10gb 3, 3g.20gb 2, 4g.20gb 1, 7g.40gb 1). Placement rules within the GPU (which
 * start slice each profile may use) are not modelled: a set of partitions fits when its slices do.
 */

/** Compute slices of one GPU. */
export const migComputeSlices = 7;
/** Memory slices of one GPU. */
export const migMemorySlices = 8;

/** One MIG profile: slices it takes and how many instances fit on a GPU. */
export interface MigProfile {
  readonly computeSlices: number;
  readonly memorySlices: number;
  readonly maxInstances: number;
}

const profiles: ReadonlyMap<string, MigProfile> = new Map([
  ['1g.5gb', { computeSlices: 1, memorySlices: 1, maxInstances: 7 }],
  ['1g.10gb', { computeSlices: 1, memorySlices: 2, maxInstances: 4 }],
  ['2g.10gb', { computeSlices: 2, memorySlices: 2, maxInstances: 3 }],
  ['3g.20gb', { computeSlices: 3, memorySlices: 4, maxInstances: 2 }],
  ['4g.20gb', { computeSlices: 4, memorySlices: 4, maxInstances: 1 }],
  ['7g.40gb', { computeSlices: 7, memorySlices: 8, maxInstances: 1 }],
]);

/** The profile named `name` (`1g.5gb` ...), if known. */
export function migProfile(name: string): MigProfile | undefined {
  return profiles.get(name);
}

/** Names of the known profiles. */
export const migProfileNames: readonly string[] = [...profiles.keys()];
