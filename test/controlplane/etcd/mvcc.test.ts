import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EtcdCluster } from '../../../src/controlplane/etcd/etcd-cluster.js';
import { MvccSpace } from '../../../src/controlplane/etcd/mvcc-space.js';
import type { Simulation } from '../../../src/engine/simulation.js';
import { makeCluster, recordingOp, steadyWrites, type Outcome } from './fixtures.js';

/** Submits one operation to the leader and runs until it is answered. */
function roundTrip(sim: Simulation, etcd: EtcdCluster, operation: 'create' | 'update' | 'delete', valueBytes = 10_000): Outcome {
  const { op, outcome } = recordingOp(sim, operation, valueBytes);
  etcd.submitTo('leader', op);
  while (outcome.finished < 0 && sim.step()) {
    // until answered
  }
  return outcome;
}

const MIB = 1024 * 1024;

test('NOSPACE: over quota puts fail and deletes pass; compaction alone does not help, compaction + defrag does (alarm disarmed automatically)', () => {
  const { sim, etcd, metrics } = makeCluster({ quotaBackendBytes: 2 * MIB });
  for (let i = 0; i < 20; i++) assert.equal(roundTrip(sim, etcd, 'create').failure, undefined);
  let writes = 0;
  while (roundTrip(sim, etcd, 'update').failure === undefined) writes++;
  assert.ok(writes > 150 && writes < 220, `${writes} updates before NOSPACE`);
  assert.equal(etcd.alarm, 'NOSPACE');
  assert.equal(roundTrip(sim, etcd, 'update').failure, 'NOSPACE');
  assert.equal(roundTrip(sim, etcd, 'create').failure, 'NOSPACE');
  assert.equal(roundTrip(sim, etcd, 'delete').failure, undefined, 'deletes pass under NOSPACE');

  const before = etcd.dbSize;
  const freed = etcd.compact();
  assert.ok(freed > 1.5 * MIB, `compaction freed ${freed} bytes`);
  assert.ok(etcd.dbSizeInUse < 0.3 * MIB);
  assert.equal(etcd.dbSize, before, 'the file keeps its size until defrag');
  assert.equal(roundTrip(sim, etcd, 'update').failure, 'NOSPACE', 'still over quota by file size');

  const end = etcd.defrag();
  sim.run({ until: end });
  assert.ok(etcd.dbSize < 0.3 * MIB, `defragmented to ${etcd.dbSize}`);
  assert.equal(etcd.alarm, null);
  assert.equal(roundTrip(sim, etcd, 'update').failure, undefined);
  assert.equal(metrics.gauges.get('etcd_mvcc_db_total_size_in_bytes{cluster="test"}')!.value, etcd.dbSize);
  assert.equal(metrics.gauges.get('etcd_mvcc_db_total_size_in_use_in_bytes{cluster="test"}')!.value, etcd.dbSizeInUse);
});

test('NOSPACE without automatic disarm: puts still fail after defrag (capped applier) until disarmAlarm()', () => {
  const { sim, etcd } = makeCluster({ quotaBackendBytes: 2 * MIB, alarmAutoDisarm: false });
  for (let i = 0; i < 20; i++) roundTrip(sim, etcd, 'create');
  while (roundTrip(sim, etcd, 'update').failure === undefined) {
    // fill up
  }
  etcd.compact();
  sim.run({ until: etcd.defrag() });
  assert.equal(etcd.alarm, 'NOSPACE');
  const refused = roundTrip(sim, etcd, 'update');
  assert.equal(refused.failure, 'NOSPACE');
  assert.equal(refused.applied, -1, 'refused at apply time, never applied');
  etcd.disarmAlarm();
  assert.equal(roundTrip(sim, etcd, 'update').failure, undefined);
});

test('periodic auto compaction (v3compactor/periodic.go) keeps in-use bytes near one retention of history; the file does not shrink', () => {
  const retention = 60_000_000;
  const { sim, etcd, streams } = makeCluster({ autoCompactionMode: 'periodic', autoCompactionRetention: retention });
  steadyWrites(sim, etcd, streams, 50, 300_000_000, 'update', 1_000);
  let peakInUse = 0;
  const samples: Array<[number, number]> = [];
  const probe = sim.register<null>(() => {
    samples.push([sim.now, etcd.dbSizeInUse]);
    peakInUse = Math.max(peakInUse, etcd.dbSizeInUse);
    if (sim.now < 300_000_000) sim.schedule(1_000_000, probe, null);
  });
  sim.schedule(0, probe, null);
  sim.run({ until: 300_000_000 });
  const perMinute = 50 * 60 * (1_000 + 64 + 64);
  const at = (t: number): number => samples.find(([time]) => time >= t)![1];
  assert.ok(at(110_000_000) > 1.6 * perMinute, 'nothing compacted during the first retention windows');
  assert.ok(etcd.compactedRevision > 0);
  assert.ok(etcd.dbSizeInUse < 2.3 * perMinute, `in use ${etcd.dbSizeInUse} vs ${perMinute} per minute of writes`);
  assert.ok(etcd.dbSizeInUse < 0.5 * 5 * perMinute);
  assert.ok(etcd.dbSize >= peakInUse - 1, 'file size is the high-water mark');
});

test('revision auto compaction (v3compactor/revision.go) compacts to current − retention every 5 minutes', () => {
  const { sim, etcd, streams } = makeCluster({ autoCompactionMode: 'revision', autoCompactionRetention: 1_000 });
  steadyWrites(sim, etcd, streams, 20, 700_000_000, 'update', 500);
  let revAt10min = 0;
  sim.schedule(600_000_000, sim.register<null>(() => (revAt10min = etcd.revision)), null);
  sim.run({ until: 610_000_000 });
  assert.equal(etcd.compactedRevision, revAt10min - 1_000);
});

test('defrag blocks the member: writes through a defragmenting leader and reads on it wait, a follower still serves', () => {
  const { sim, etcd } = makeCluster({ initialDatabaseBytes: 100_000_000, defragBytesPerSecond: 100_000_000 });
  sim.run({ until: 1_000_000 });
  const end = etcd.defrag(0);
  assert.equal(end, 2_000_000);
  sim.run({ until: 1_100_000 });
  const w = recordingOp(sim, 'update');
  const readLeader = recordingOp(sim, 'get', 1_000, { serializable: true });
  const readFollower = recordingOp(sim, 'get', 1_000, { serializable: true });
  etcd.submitTo(0, w.op);
  etcd.submitTo(0, readLeader.op);
  etcd.submitTo(1, readFollower.op);
  sim.run({ until: 3_000_000 });
  assert.ok(w.outcome.finished > 2_000_000 && w.outcome.failure === undefined);
  assert.ok(readLeader.outcome.finished > 2_000_000);
  assert.ok(readFollower.outcome.finished < 1_200_000);
  assert.ok(etcd.defrag() >= sim.now + 3_000_000, 'a cluster defrag goes member by member');
});

test('MvccSpace: updates and deletes leave garbage that compaction frees up to the revision asked', () => {
  const s = new MvccSpace(3, 0);
  s.write('create', 10, 90);
  s.endBatch();
  const afterCreate = s.inUse;
  s.write('update', 10, 90);
  s.endBatch();
  const rev = s.revision;
  s.write('delete', 10, 90);
  s.endBatch();
  assert.equal(s.compact(rev), 10 + 90 + 64, 'compacting to the update frees the superseded version');
  assert.equal(s.compact(rev), 0, 'compacting twice frees nothing');
  assert.ok(s.compact(s.revision) > 0);
  assert.ok(s.inUse <= afterCreate);
  assert.equal(s.maxFileSize, 3 * afterCreate - 90, 'create + update + tombstone (key and overhead only): the high-water mark');
});
