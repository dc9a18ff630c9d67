import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diskClassError, resolveDisk } from '../../../src/controlplane/etcd/disk.js';
import { EtcdCluster } from '../../../src/controlplane/etcd/etcd-cluster.js';
import { defaultEtcdClusterConfig, validateEtcdConfig, type EtcdClusterConfig } from '../../../src/controlplane/etcd/etcd-config.js';
import { RandomStreams } from '../../../src/engine/rng.js';
import { Simulation } from '../../../src/engine/simulation.js';
import { MetricsSink } from '../../../src/metrics/sink.js';

const issues = (overrides: Record<string, unknown>): string[] =>
  validateEtcdConfig({ ...defaultEtcdClusterConfig, ...overrides } as EtcdClusterConfig).map((i) => `${i.path.join('.')}: ${i.message}`);

test('the defaults are valid', () => {
  assert.deepEqual(validateEtcdConfig(defaultEtcdClusterConfig), []);
});

test('election timeout must be at least 5 heartbeats (etcd embed/config.go), which catches heartbeat >= election', () => {
  assert.deepEqual(issues({ heartbeatInterval: 1_000_000, electionTimeout: 1_000_000 }), [
    'electionTimeout: --election-timeout (1000 ms) should be at least 5 times --heartbeat-interval (1000 ms)',
  ]);
  assert.equal(issues({ heartbeatInterval: 300_000 }).length, 1);
  assert.deepEqual(issues({ heartbeatInterval: 500_000, electionTimeout: 5_000_000 }), []);
  assert.match(issues({ electionTimeout: 60_000_000 })[0]!, /too long/);
});

test('quota below the initial database size, members outside {1,3,5,7}, non-positive values', () => {
  assert.deepEqual(issues({ initialDatabaseBytes: 3 * 1024 ** 3 }), [
    'quotaBackendBytes: must exceed initialDatabaseBytes (3221225472), got 2147483648: the NOSPACE alarm would be raised at once',
  ]);
  assert.deepEqual(issues({ members: 4 }), ['members: must be 1, 3, 5 or 7 (an odd quorum size etcd recommends), got 4']);
  assert.deepEqual(issues({ members: 1 }), []);
  assert.deepEqual(issues({ snapshotCount: 0, backendBatchLimit: -1 }), ['snapshotCount: must be a positive number, got 0', 'backendBatchLimit: must be a positive number, got -1']);
  assert.deepEqual(issues({ applyCostPerOp: -1 }), ['applyCostPerOp: must be a number >= 0, got -1']);
  assert.deepEqual(issues({ autoDefragFreeRatio: 1 }), ['autoDefragFreeRatio: must be in [0, 1), got 1']);
  assert.deepEqual(issues({ autoCompactionMode: 'revision', autoCompactionRetention: 1.5 }), ['autoCompactionRetention: must be a whole number of revisions in revision mode, got 1.5']);
  assert.match(issues({ peerRtt: { lognormal: { median: 0, p99: 1 } } })[0]!, /^peerRtt: invalid lognormal distribution/);
});

test('disk classes: unknown names get a message listing the valid ones; custom disks are checked field by field', () => {
  assert.equal(diskClassError('ssd'), undefined);
  const msg = diskClassError('floppy');
  assert.equal(msg, 'unknown disk class "floppy": valid classes are nvme, ssd, sata-ssd, hdd (or a custom { fsync, writeBytesPerSecond, stalls? } object)');
  assert.deepEqual(issues({ disk: 'floppy' }), [`disk: ${msg}`]);
  assert.throws(() => resolveDisk('floppy' as 'ssd'), { name: 'RangeError', message: msg });
  assert.deepEqual(issues({ disk: { fsync: { constant: 500 }, writeBytesPerSecond: 0, stalls: [{ perHour: -1, duration: { constant: 1 } }] } }), [
    'disk.writeBytesPerSecond: must be > 0, got 0',
    'disk.stalls.0.perHour: must be >= 0, got -1',
  ]);
  assert.deepEqual(issues({ memberDisks: [null, 'tape'] }), [`memberDisks.1: ${diskClassError('tape')!}`]);
});

test('the cluster refuses an invalid configuration with every problem in one RangeError', () => {
  const sim = new Simulation();
  assert.throws(
    () => new EtcdCluster(sim, new MetricsSink(sim), new RandomStreams(1), { ...defaultEtcdClusterConfig, members: 2, quotaBackendBytes: -1 }, 'bad'),
    (e: unknown) => e instanceof RangeError && /members: must be 1, 3, 5 or 7/.test(e.message) && /quotaBackendBytes: must be a positive number/.test(e.message),
  );
});
