/**
 * Disk classes for etcd members: the latency of one WAL fdatasync, the sequential write throughput
 * bbolt's dirty pages see, and stall episodes (SSD garbage collection, write-cache flushes, a noisy
 * neighbour on a shared volume) during which every write to the device waits.
 *
 * Stalls are episodes in time, not a per-fsync coin: a device pauses for everyone, whoever is
 * writing, so the rate of leader elections they cause is a property of the disk (per hour), not of
 * the write rate. An fsync's latency is the base draw plus whatever stall it overlaps, which makes
 * the per-fsync distribution a mixture: mostly the lognormal body, rarely a heavy stall.
 *
 * Sources: REFERENCE.md, etcd section (etcd docs op-guide/performance and faq): "fdatasync about
 * 10 ms on spinning disks, often under 1 ms on SSD"; health rules `wal_fsync_duration_seconds`
 * p99 < 10 ms and `backend_commit_duration_seconds` p99 < 25 ms. The stall parameters of
 * `sata-ssd` and `nvme` are chosen so that the users' scenario in REFERENCE.md comes out of the
 * election logic of etcd-cluster.ts (see leader-stability.ts for the analytic rates):
 * SATA SSD with heartbeat 100 ms / election 1000 ms → ~5 leader changes per hour and write p99
 * > 500 ms; NVMe with 500 ms / 5000 ms → ~1 leader change per week and write p99 < 50 ms.
 */
import { createDistribution, type DistributionSpec } from '../../engine/distribution.js';

/** Stall episodes of a device: Poisson arrivals (`perHour`) of pauses lasting `duration` µs. */
export interface DiskStalls {
  readonly perHour: number;
  readonly duration: DistributionSpec;
}

/** A disk: WAL fdatasync latency (µs) outside stalls, sequential write throughput, stall populations (independent). */
export interface DiskSpec {
  readonly fsync: DistributionSpec;
  readonly writeBytesPerSecond: number;
  readonly stalls?: readonly DiskStalls[];
}

/** Names of the built-in disk classes. */
export type DiskClassName = 'nvme' | 'ssd' | 'sata-ssd' | 'hdd';

/** The built-in disk classes, keyed by name. */
export const diskClasses: Readonly<Record<DiskClassName, DiskSpec>> = {
  // Datacenter NVMe with power-loss protection: fdatasync is a cache flush acknowledged by the
  // controller, ~0.15 ms. Rare firmware pauses whose tail past 5 s gives ~1 leader change per week
  // with 500 ms / 5000 ms timers (REFERENCE.md, users' scenarios: "NVMe ... ~1 leader change per week").
  nvme: {
    fsync: { lognormal: { median: 150, p99: 1_000 } },
    writeBytesPerSecond: 1_000_000_000,
    stalls: [{ perHour: 6, duration: { lognormal: { median: 20_000, p99: 1_500_000 } } }],
  },
  // The etcd benchmark machines' SSD (op-guide/performance: 8 vCPU, SSD; a network block device):
  // fdatasync ~1 ms ("often under 1 ms on SSD"), p99 3 ms, well under the 10 ms health rule;
  // about one short stall per hour. Calibrated with the put rows (583 QPS / 1.6 ms single client).
  ssd: {
    fsync: { lognormal: { median: 950, p99: 3_000 } },
    writeBytesPerSecond: 250_000_000,
    stalls: [{ perHour: 1, duration: { lognormal: { median: 30_000, p99: 600_000 } } }],
  },
  // Consumer SATA SSD shared with the node's other writes: slower flushes (p99 above the 10 ms
  // rule), frequent pauses of ~0.5-1 s (SLC cache exhaustion, GC) and a few multi-second ones.
  // With 100 ms / 1000 ms timers that gives write p99 > 500 ms and ~5 leader changes per hour
  // (REFERENCE.md, users' scenarios).
  'sata-ssd': {
    fsync: { lognormal: { median: 2_000, p99: 12_000 } },
    writeBytesPerSecond: 200_000_000,
    stalls: [
      { perHour: 220, duration: { lognormal: { median: 680_000, p99: 1_100_000 } } },
      { perHour: 4, duration: { lognormal: { median: 2_500_000, p99: 6_000_000 } } },
    ],
  },
  // 7,200 rpm disk: fdatasync ~10 ms (REFERENCE.md: "about 10 ms on spinning disks"), seek-bound.
  hdd: {
    fsync: { lognormal: { median: 9_000, p99: 30_000 } },
    writeBytesPerSecond: 120_000_000,
    stalls: [{ perHour: 20, duration: { lognormal: { median: 150_000, p99: 1_500_000 } } }],
  },
};

/** The built-in class names in a stable order. */
export const diskClassNames: readonly DiskClassName[] = ['nvme', 'ssd', 'sata-ssd', 'hdd'];

/** Undefined if `name` is a built-in disk class, else an error message listing the valid ones. */
export function diskClassError(name: unknown): string | undefined {
  if (typeof name === 'string' && (diskClassNames as readonly string[]).includes(name)) return undefined;
  return `unknown disk class ${JSON.stringify(name)}: valid classes are ${diskClassNames.join(', ')} (or a custom { fsync, writeBytesPerSecond, stalls? } object)`;
}

/** Problems of a custom disk spec as [field, message] pairs (empty when valid). */
export function diskSpecErrors(spec: DiskSpec): Array<[field: string, message: string]> {
  const errors: Array<[string, string]> = [];
  const dist = (field: string, d: DistributionSpec): void => {
    try {
      createDistribution(d);
    } catch (e) {
      errors.push([field, (e as Error).message]);
    }
  };
  if (spec === null || typeof spec !== 'object') return [['', 'must be a disk class name or a { fsync, writeBytesPerSecond } object']];
  dist('fsync', spec.fsync);
  if (!(spec.writeBytesPerSecond > 0)) errors.push(['writeBytesPerSecond', `must be > 0, got ${String(spec.writeBytesPerSecond)}`]);
  if (spec.stalls !== undefined) {
    if (!Array.isArray(spec.stalls)) errors.push(['stalls', 'must be a list of { perHour, duration }']);
    else
      spec.stalls.forEach((st: DiskStalls, i: number) => {
        if (!(st.perHour >= 0)) errors.push([`stalls.${i}.perHour`, `must be >= 0, got ${String(st.perHour)}`]);
        dist(`stalls.${i}.duration`, st.duration);
      });
  }
  return errors;
}

/** The spec of a disk given by class name or custom spec; throws RangeError listing the valid names for an unknown one. */
export function resolveDisk(disk: DiskClassName | DiskSpec): DiskSpec {
  if (typeof disk === 'string') {
    const err = diskClassError(disk);
    if (err !== undefined) throw new RangeError(err);
    return diskClasses[disk];
  }
  const errors = diskSpecErrors(disk);
  if (errors.length > 0) throw new RangeError(`invalid disk: ${errors.map(([f, m]) => (f ? `${f}: ${m}` : m)).join('; ')}`);
  return disk;
}

/**
 * Duration (µs, before stalls) of one bbolt backend commit: bbolt writes the dirty pages, fdatasyncs,
 * writes the meta page and fdatasyncs again (bbolt tx.Commit: write() then writeMeta(), each
 * followed by fdatasync), plus the CPU of spilling/rebalancing `ops` keys.
 */
export function backendCommitMicros(fsync1: number, fsync2: number, bytes: number, writeBytesPerSecond: number, ops: number, costPerOp: number): number {
  return fsync1 + fsync2 + (bytes * 1e6) / writeBytesPerSecond + ops * costPerOp;
}
