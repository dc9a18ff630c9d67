/** The numeric fields of an etcd cluster in a scenario: YAML key (etcd's flag spelling, or the model's camelCase name), config field and value kind. */
import type { EtcdClusterConfig } from '../controlplane/etcd/etcd-config.js';

/** How a field's value is read. */
export type EtcdValueKind = 'integer' | 'duration' | 'size' | 'number' | 'fraction';
/** Config fields holding numbers. */
export type NumericField = Exclude<{ [K in keyof EtcdClusterConfig]-?: EtcdClusterConfig[K] extends number ? K : never }[keyof EtcdClusterConfig], undefined>;

/** YAML key → config field and how its value is read. */
export const etcdNumericFields: ReadonlyArray<readonly [key: string, field: NumericField, kind: EtcdValueKind]> = [
  ['members', 'members', 'integer'],
  ['heartbeat-interval', 'heartbeatInterval', 'duration'],
  ['election-timeout', 'electionTimeout', 'duration'],
  ['snapshot-count', 'snapshotCount', 'integer'],
  ['quota-backend-bytes', 'quotaBackendBytes', 'size'],
  ['max-request-bytes', 'maxRequestBytes', 'size'],
  ['backend-batch-interval', 'backendBatchInterval', 'duration'],
  ['backend-batch-limit', 'backendBatchLimit', 'integer'],
  ['initialDatabaseBytes', 'initialDatabaseBytes', 'size'],
  ['defragBytesPerSecond', 'defragBytesPerSecond', 'size'],
  ['autoDefragFreeRatio', 'autoDefragFreeRatio', 'fraction'],
  ['maxBatchOps', 'maxBatchOps', 'integer'],
  ['raftCostPerBatch', 'raftCostPerBatch', 'duration'],
  ['raftCostPerOp', 'raftCostPerOp', 'duration'],
  ['applyCostPerBatch', 'applyCostPerBatch', 'duration'],
  ['applyCostPerOp', 'applyCostPerOp', 'duration'],
  ['requestCostPerOp', 'requestCostPerOp', 'duration'],
  ['backendCommitCostPerOp', 'backendCommitCostPerOp', 'duration'],
  ['rangeCostBase', 'rangeCostBase', 'duration'],
  ['rangeCostPerObject', 'rangeCostPerObject', 'duration'],
  ['rangeCostPerByte', 'rangeCostPerByte', 'number'],
  ['keyBytes', 'keyBytes', 'size'],
];

/** The YAML keys of the numeric fields. */
export const etcdNumericKeys: readonly string[] = etcdNumericFields.map(([key]) => key);
