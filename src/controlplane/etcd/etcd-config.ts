/**
 * Configuration of a simulated etcd cluster: etcd's own flags in camelCase (`--heartbeat-interval`
 * → heartbeatInterval, durations in µs) plus the model's cost parameters, with cited defaults and a
 * pure validator.
 */
import { createDistribution, type DistributionSpec } from '../../engine/distribution.js';
import type { Micros } from '../../engine/simulation.js';
import { diskClassError, diskSpecErrors, type DiskClassName, type DiskSpec } from './disk.js';

/** One configuration problem: the field path and what is wrong. */
export interface EtcdConfigIssue {
  readonly path: (string | number)[];
  readonly message: string;
}

/** A simulated etcd cluster's flags and model parameters (times in µs, sizes in bytes). */
export interface EtcdClusterConfig {
  /** Voting members (1, 3, 5 or 7). */
  readonly members: number;
  /** Disk class of every member, or a custom disk. */
  readonly disk: DiskClassName | DiskSpec;
  /** Per-member disk overrides by member index (heterogeneous clusters, tests); missing entries use `disk`. */
  readonly memberDisks?: ReadonlyArray<DiskClassName | DiskSpec | null>;
  /** Round-trip time between two members (µs). */
  readonly peerRtt: DistributionSpec;
  /** Round-trip time between a client (kube-apiserver, benchmark tool) and a member (µs). */
  readonly clientRtt: DistributionSpec;
  /** Which members `submit` sends to: the leader only, or all members round-robin (clientv3's balancer over `--etcd-servers`). */
  readonly clientEndpoints: 'leader' | 'all';
  /** `--heartbeat-interval` (µs). */
  readonly heartbeatInterval: Micros;
  /** `--election-timeout` (µs); followers time out after a random time in [electionTimeout, 2 × electionTimeout). */
  readonly electionTimeout: Micros;
  /** `--snapshot-count`: applied entries between snapshots (each forces a backend commit). */
  readonly snapshotCount: number;
  /** `--quota-backend-bytes`. */
  readonly quotaBackendBytes: number;
  /** `--auto-compaction-mode`. */
  readonly autoCompactionMode: 'periodic' | 'revision';
  /** `--auto-compaction-retention`: 0 = off; periodic: a duration (µs); revision: a number of revisions. */
  readonly autoCompactionRetention: number;
  /** `--max-request-bytes` (validated only: EtcdFailure has no `request is too large`, so requests are not checked against it). */
  readonly maxRequestBytes: number;
  /** `--backend-batch-interval` (µs): the longest an applied write waits for a bbolt commit. */
  readonly backendBatchInterval: Micros;
  /** `--backend-batch-limit`: applied writes that force a bbolt commit. */
  readonly backendBatchLimit: number;
  /** Size of the database at time 0 (live data of an existing cluster). */
  readonly initialDatabaseBytes: number;
  /** Defragmentation speed (bytes of in-use data copied per second); the member is blocked meanwhile. */
  readonly defragBytesPerSecond: number;
  /** Defragment every member after an auto compaction that leaves at least this fraction of the file free (0 = never), as etcd-defrag's rules do. */
  readonly autoDefragFreeRatio: number;
  /** Disarm the NOSPACE alarm automatically once a defrag brings every member under the quota (etcd needs `etcdctl alarm disarm`). */
  readonly alarmAutoDisarm: boolean;
  /** Most proposals in one raft batch (0 = no limit). */
  readonly maxBatchOps: number;
  /** Leader raft-loop CPU per batch (Ready handling, WAL encoding, sends), µs. */
  readonly raftCostPerBatch: number;
  /** Leader raft-loop CPU per proposal in a batch, µs. */
  readonly raftCostPerOp: number;
  /** Apply-loop CPU per applied batch, µs. */
  readonly applyCostPerBatch: number;
  /** Apply-loop CPU per applied write (mvcc put, index, watch notify), µs. */
  readonly applyCostPerOp: number;
  /** gRPC request handling per write on the member the client is connected to (serialised on the leader), µs. */
  readonly requestCostPerOp: number;
  /** bbolt CPU per key in a backend commit, µs. */
  readonly backendCommitCostPerOp: number;
  /** Range (read) cost: fixed part, µs. */
  readonly rangeCostBase: number;
  /** Range cost per object returned, µs. */
  readonly rangeCostPerObject: number;
  /** Range cost per byte returned, µs. */
  readonly rangeCostPerByte: number;
  /** Key length assumed when an operation gives none (Kubernetes keys `/registry/pods/<ns>/<name>`). */
  readonly keyBytes: number;
}

const MS = 1_000;
const GIB = 1024 * 1024 * 1024;

/** Defaults: etcd v3.5/v3.6 flags (REFERENCE.md, etcd) and costs calibrated on the op-guide/performance put rows. */
export const defaultEtcdClusterConfig: EtcdClusterConfig = {
  // etcd FAQ: "an etcd cluster probably should have no more than seven nodes"; 3 or 5 are typical.
  members: 3,
  // op-guide/performance ran on SSD (REFERENCE.md, etcd).
  disk: 'ssd',
  // Same-zone datacenter RTT: "several hundred µs" (REFERENCE.md, etcd; docs tuning.md).
  peerRtt: { lognormal: { median: 200, p99: 600 } },
  clientRtt: { lognormal: { median: 200, p99: 600 } },
  // The kube-apiserver lists every member in --etcd-servers and clientv3 round-robins over them.
  clientEndpoints: 'all',
  // --heartbeat-interval 100 ms, --election-timeout 1000 ms (REFERENCE.md, etcd; docs tuning.md).
  heartbeatInterval: 100 * MS,
  electionTimeout: 1_000 * MS,
  // --snapshot-count 10,000 (v3.6 default, REFERENCE.md, etcd).
  snapshotCount: 10_000,
  // --quota-backend-bytes 2 GiB (REFERENCE.md; server/storage/quota.go DefaultQuotaBytes).
  quotaBackendBytes: 2 * GIB,
  // --auto-compaction-mode periodic, --auto-compaction-retention 0 = off (REFERENCE.md, etcd).
  autoCompactionMode: 'periodic',
  autoCompactionRetention: 0,
  // --max-request-bytes 1.5 MiB (REFERENCE.md, etcd).
  maxRequestBytes: 1.5 * 1024 * 1024,
  // server/storage/backend/backend.go: defaultBatchInterval 100 ms, defaultBatchLimit 10000.
  backendBatchInterval: 100 * MS,
  backendBatchLimit: 10_000,
  initialDatabaseBytes: 0,
  // Estimate (no published figure): bbolt copies live pages at ~100 MB/s on SSD.
  defragBytesPerSecond: 100_000_000,
  autoDefragFreeRatio: 0,
  alarmAutoDisarm: true,
  maxBatchOps: 0,
  // CPU costs calibrated so that 3 members on `ssd` reproduce the put rows of REFERENCE.md (etcd):
  // 1 client 583 QPS / 1.6 ms; 1000 clients to the leader 44,341 QPS / 22 ms; to all members
  // 50,104 QPS / 20 ms. At 1000 clients the leader's serial per-write work is the bottleneck:
  // (applyCostPerOp + requestCostPerOp) ≈ 1/44,341 s less backend-commit pauses; spreading the
  // clients' gRPC work over the followers (requestCostPerOp only on 1/3 of the writes) is what
  // makes "all members" faster.
  raftCostPerBatch: 20,
  raftCostPerOp: 0.5,
  applyCostPerBatch: 10,
  applyCostPerOp: 18.7,
  requestCostPerOp: 3.6,
  backendCommitCostPerOp: 0.3,
  // Estimates (no published figure): a range costs ~50 µs, ~2 µs per key and ~1 ns per byte (protobuf marshalling).
  rangeCostBase: 50,
  rangeCostPerObject: 2,
  rangeCostPerByte: 0.001,
  keyBytes: 64,
};

/** etcd refuses election timeouts above 50 s (server/embed/config.go maxElectionMs). */
const maxElectionTimeout: Micros = 50_000 * MS;

/** Every problem of `config`, each with its field path; empty when the configuration is usable. */
export function validateEtcdConfig(config: EtcdClusterConfig): EtcdConfigIssue[] {
  const issues: EtcdConfigIssue[] = [];
  const add = (path: (string | number)[], message: string): void => {
    issues.push({ path, message });
  };
  const positive = (field: keyof EtcdClusterConfig): void => {
    const v = config[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) add([field], `must be a positive number, got ${String(v)}`);
  };
  const nonNegative = (field: keyof EtcdClusterConfig): void => {
    const v = config[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) add([field], `must be a number >= 0, got ${String(v)}`);
  };
  const distribution = (field: 'peerRtt' | 'clientRtt'): void => {
    try {
      createDistribution(config[field]);
    } catch (e) {
      add([field], (e as Error).message);
    }
  };
  const disk = (path: (string | number)[], d: unknown): void => {
    if (typeof d === 'string') {
      const err = diskClassError(d);
      if (err !== undefined) add(path, err);
    } else if (d === null || typeof d !== 'object') {
      add(path, diskClassError(d) ?? 'invalid disk');
    } else {
      for (const [field, message] of diskSpecErrors(d as DiskSpec)) add(field === '' ? path : [...path, ...field.split('.')], message);
    }
  };

  if (![1, 3, 5, 7].includes(config.members)) add(['members'], `must be 1, 3, 5 or 7 (an odd quorum size etcd recommends), got ${String(config.members)}`);
  disk(['disk'], config.disk);
  if (config.memberDisks !== undefined) {
    if (config.memberDisks.length > config.members) add(['memberDisks'], `has ${config.memberDisks.length} entries for ${config.members} members`);
    config.memberDisks.forEach((d, i) => {
      if (d !== null) disk(['memberDisks', i], d);
    });
  }
  distribution('peerRtt');
  distribution('clientRtt');
  if (config.clientEndpoints !== 'leader' && config.clientEndpoints !== 'all') add(['clientEndpoints'], `must be 'leader' or 'all', got ${JSON.stringify(config.clientEndpoints)}`);
  for (const f of ['heartbeatInterval', 'electionTimeout', 'snapshotCount', 'quotaBackendBytes', 'maxRequestBytes', 'backendBatchInterval', 'backendBatchLimit', 'defragBytesPerSecond', 'keyBytes'] as const) positive(f);
  for (const f of ['initialDatabaseBytes', 'autoCompactionRetention', 'maxBatchOps', 'raftCostPerBatch', 'raftCostPerOp', 'applyCostPerBatch', 'applyCostPerOp', 'requestCostPerOp', 'backendCommitCostPerOp', 'rangeCostBase', 'rangeCostPerObject', 'rangeCostPerByte'] as const) nonNegative(f);
  // server/embed/config.go Validate: "--election-timeout[%vms] should be at least as 5 times as --heartbeat-interval[%vms]".
  if (config.heartbeatInterval > 0 && config.electionTimeout > 0 && 5 * config.heartbeatInterval > config.electionTimeout) {
    add(['electionTimeout'], `--election-timeout (${config.electionTimeout / MS} ms) should be at least 5 times --heartbeat-interval (${config.heartbeatInterval / MS} ms)`);
  }
  if (config.electionTimeout > maxElectionTimeout) add(['electionTimeout'], `--election-timeout (${config.electionTimeout / MS} ms) is too long; etcd requires at most ${maxElectionTimeout / MS} ms`);
  if (config.quotaBackendBytes > 0 && config.initialDatabaseBytes >= config.quotaBackendBytes) {
    add(['quotaBackendBytes'], `must exceed initialDatabaseBytes (${config.initialDatabaseBytes}), got ${config.quotaBackendBytes}: the NOSPACE alarm would be raised at once`);
  }
  if (config.autoCompactionMode !== 'periodic' && config.autoCompactionMode !== 'revision') add(['autoCompactionMode'], `must be 'periodic' or 'revision', got ${JSON.stringify(config.autoCompactionMode)}`);
  if (config.autoCompactionMode === 'revision' && !Number.isInteger(config.autoCompactionRetention)) add(['autoCompactionRetention'], `must be a whole number of revisions in revision mode, got ${config.autoCompactionRetention}`);
  if (!(config.autoDefragFreeRatio >= 0 && config.autoDefragFreeRatio < 1)) add(['autoDefragFreeRatio'], `must be in [0, 1), got ${String(config.autoDefragFreeRatio)}`);
  return issues;
}

/** etcd's request timeout: 5 s plus two election timeouts (server/config/config.go ReqTimeout). */
export function requestTimeout(config: EtcdClusterConfig): Micros {
  return 5_000 * MS + 2 * config.electionTimeout;
}
