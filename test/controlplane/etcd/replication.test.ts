import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DiskSpec } from '../../../src/controlplane/etcd/disk.js';
import { requestTimeout, defaultEtcdClusterConfig } from '../../../src/controlplane/etcd/etcd-config.js';
import { latenciesMs, makeCluster, quantile, recordingOp, steadyWrites, type Outcome } from './fixtures.js';

const fast: DiskSpec = { fsync: { constant: 1_000 }, writeBytesPerSecond: 1e9 };
const slow: DiskSpec = { fsync: { constant: 50_000 }, writeBytesPerSecond: 1e9 };
const fixedNetwork = { peerRtt: { constant: 200 }, clientRtt: { constant: 200 } } as const;

test('N concurrent proposals are batched: far fewer WAL fsyncs than N × members, and every one commits', () => {
  const { sim, metrics, etcd } = makeCluster({ clientEndpoints: 'leader' });
  const outcomes: Outcome[] = [];
  for (let i = 0; i < 200; i++) {
    const { op, outcome } = recordingOp(sim, 'create');
    outcomes.push(outcome);
    etcd.submit(op);
  }
  sim.run({ until: 1_000_000 });
  assert.ok(outcomes.every((o) => o.finished > 0 && o.failure === undefined));
  const fsyncs = metrics.histograms.get('etcd_disk_wal_fsync_duration_seconds{cluster="test"}')!.count;
  assert.ok(fsyncs <= 3 * 5, `${fsyncs} WAL fsyncs for 200 proposals on 3 members`);
  assert.equal(metrics.counters.get('etcd_server_proposals_committed_total{cluster="test"}')!.value, 200);
});

/** Latency (ms) of `n` writes sent one after another to the leader. */
function sequentialWrites(memberDisks: Array<DiskSpec | null>, n = 10): number[] {
  const { sim, etcd } = makeCluster({ ...fixedNetwork, disk: fast, memberDisks, clientEndpoints: 'leader' });
  const lat: number[] = [];
  for (let i = 0; i < n; i++) {
    const { op, outcome } = recordingOp(sim, 'update');
    etcd.submit(op);
    while (outcome.finished < 0 && sim.step()) {
      // until answered
    }
    lat.push((outcome.finished - outcome.submitted) / 1e3);
    sim.run({ until: sim.now + 200_000 });
  }
  return lat;
}

test('majority commit: one slow follower of three does not delay a write, two slow followers do', () => {
  const allFast = Math.max(...sequentialWrites([]));
  const oneSlow = Math.max(...sequentialWrites([null, null, slow]));
  const twoSlow = Math.min(...sequentialWrites([null, slow, slow]));
  assert.ok(allFast < 3, `all fast: ${allFast} ms`);
  assert.ok(oneSlow < 3, `one slow follower: ${oneSlow} ms`);
  assert.ok(twoSlow >= 50, `two slow followers: ${twoSlow} ms`);
});

test('a leader WAL fsync stalled longer than the election timeout triggers one election; writes wait, then resume on the new leader', () => {
  const { sim, metrics, etcd, streams } = makeCluster();
  const outcomes = steadyWrites(sim, etcd, streams, 100, 20_000_000);
  sim.schedule(5_000_000, sim.register<null>(() => etcd.stallDisk(0, 3_000_000)), null);
  sim.run({ until: 30_000_000 });
  assert.equal(etcd.leaderChanges, 1);
  assert.notEqual(etcd.leader, 0);
  assert.equal(etcd.term, 2);
  assert.equal(metrics.counters.get('etcd_server_leader_changes_seen_total{cluster="test"}')!.value, 1);
  assert.equal(metrics.gauges.get('etcd_server_has_leader{cluster="test"}')!.value, 1);
  assert.ok(metrics.counters.get('etcd_server_heartbeat_send_failures_total{cluster="test"}')!.value > 0);
  assert.ok(outcomes.every((o) => o.finished > 0 && o.failure === undefined), 'no write lost or failed');
  const during = outcomes.filter((o) => o.submitted > 5_100_000 && o.submitted < 5_500_000);
  assert.ok(during.length > 0 && during.every((o) => o.finished - o.submitted > 500_000), 'writes during the stall waited for the new leader');
  // Elected within the election timeout window plus pre-vote/vote: well before the 3 s stall ends.
  assert.ok(during.every((o) => o.finished < 8_000_000));
  const after = latenciesMs(outcomes.filter((o) => o.submitted > 10_000_000));
  assert.ok(quantile(after, 0.99) < 10, `p99 after recovery ${quantile(after, 0.99)} ms`);
});

test('proposals that cannot be proposed within the request timeout (5 s + 2 × election timeout) fail with timeout', () => {
  const { sim, metrics, etcd, streams } = makeCluster({ members: 1 });
  assert.equal(requestTimeout(defaultEtcdClusterConfig), 7_000_000);
  const outcomes = steadyWrites(sim, etcd, streams, 50, 20_000_000);
  sim.schedule(1_000_000, sim.register<null>(() => etcd.stallDisk(0, 10_000_000)), null);
  sim.run({ until: 40_000_000 });
  const failed = outcomes.filter((o) => o.failure !== undefined);
  assert.ok(failed.length > 50, `${failed.length} timed out`);
  assert.ok(failed.every((o) => o.failure === 'timeout' && o.finished - o.submitted === 7_000_000));
  assert.equal(metrics.counters.get('etcd_server_proposals_failed_total{cluster="test"}')!.value, failed.length);
  assert.ok(outcomes.filter((o) => o.submitted > 12_000_000).every((o) => o.failure === undefined && o.finished > 0));
  assert.equal(etcd.leaderChanges, 0, 'a single member never loses leadership');
});

test('reads: serializable on a follower skips the ReadIndex round; a large range costs more than a get', () => {
  const { sim, etcd } = makeCluster({ ...fixedNetwork, disk: fast });
  const lin = recordingOp(sim, 'get', 2_000);
  const ser = recordingOp(sim, 'get', 2_000, { serializable: true });
  const list = recordingOp(sim, 'list', 2_000, { count: 10_000, serializable: true });
  etcd.submitTo(1, lin.op);
  etcd.submitTo(1, ser.op);
  etcd.submitTo(1, list.op);
  sim.run({ until: 1_000_000 });
  const latency = (o: Outcome): number => o.finished - o.submitted;
  assert.ok(latency(ser.outcome) < latency(lin.outcome) - 200, `${latency(ser.outcome)} vs ${latency(lin.outcome)} µs`);
  assert.ok(latency(list.outcome) > latency(ser.outcome) + 10_000, `list of 10,000: ${latency(list.outcome)} µs`);
  assert.ok(lin.outcome.applied > 0 && lin.outcome.failure === undefined);
});

test('same seed, same numbers; another seed, other numbers', () => {
  const run = (seed: number): string => {
    const { sim, metrics, etcd, streams } = makeCluster({ disk: 'sata-ssd' }, seed);
    const outcomes = steadyWrites(sim, etcd, streams, 50, 120_000_000);
    sim.run({ until: 130_000_000 });
    const fsync = metrics.histograms.get('etcd_disk_wal_fsync_duration_seconds{cluster="test"}')!.sorted();
    return JSON.stringify({ lat: latenciesMs(outcomes), fsync: Array.from(fsync), changes: etcd.leaderChanges, size: etcd.dbSize, events: sim.eventsProcessed });
  };
  assert.equal(run(7), run(7));
  assert.notEqual(run(7), run(8));
});

test('an idle cluster costs no events: a day of virtual time with hourly periodic compaction takes a few hundred events', () => {
  const { sim } = makeCluster({ autoCompactionRetention: 3_600_000_000 });
  sim.run({ until: 24 * 3_600_000_000 });
  assert.ok(sim.eventsProcessed <= 250, `${sim.eventsProcessed} events`);
});

test('five members: the leader needs two of four followers; a leader stall elects one new leader and nothing is lost', () => {
  const { sim, etcd, streams } = makeCluster({ members: 5 });
  const outcomes = steadyWrites(sim, etcd, streams, 100, 10_000_000);
  sim.schedule(3_000_000, sim.register<null>(() => etcd.stallDisk(0, 4_000_000)), null);
  sim.run({ until: 20_000_000 });
  assert.equal(etcd.leaderChanges, 1);
  assert.ok(outcomes.every((o) => o.finished > 0 && o.failure === undefined));
  assert.ok(quantile(latenciesMs(outcomes.filter((o) => o.submitted < 2_900_000)), 0.99) < 10);
});
