import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultEtcdClusterConfig, type EtcdClusterConfig } from '../../../src/controlplane/etcd/etcd-config.js';
import { expectedLeaderChangesPerHour } from '../../../src/controlplane/etcd/leader-stability.js';
import { latenciesMs, makeCluster, quantile, steadyWrites } from './fixtures.js';

const HOUR = 3_600_000_000;
const sata: Partial<EtcdClusterConfig> = { disk: 'sata-ssd', heartbeatInterval: 100_000, electionTimeout: 1_000_000 };
const nvme: Partial<EtcdClusterConfig> = { disk: 'nvme', heartbeatInterval: 500_000, electionTimeout: 5_000_000 };

/** Two hours of 20 writes/s (a small cluster's leases and status updates). */
function twoHours(overrides: Partial<EtcdClusterConfig>): { p99: number; changes: number; fsyncP99: number } {
  const { sim, metrics, etcd, streams } = makeCluster(overrides, 11);
  const outcomes = steadyWrites(sim, etcd, streams, 20, 2 * HOUR);
  sim.run({ until: 2 * HOUR + 60_000_000 });
  const fsync = metrics.histograms.get('etcd_disk_wal_fsync_duration_seconds{cluster="test"}')!.sorted();
  return { p99: quantile(latenciesMs(outcomes), 0.99), changes: etcd.leaderChanges, fsyncP99: fsync[Math.floor(0.99 * fsync.length)]! * 1e3 };
}

test('REFERENCE.md users\' scenario: SATA SSD at 100/1000 ms has write p99 > 500 ms and leader changes; NVMe at 500/5000 ms has p99 < 50 ms and none', () => {
  const s = twoHours(sata);
  const n = twoHours(nvme);
  assert.ok(s.p99 > 500, `SATA write p99 ${s.p99} ms`);
  assert.ok(n.p99 < 50, `NVMe write p99 ${n.p99} ms`);
  assert.ok(s.changes >= 3, `SATA: ${s.changes} leader changes in 2 h`);
  assert.equal(n.changes, 0);
  assert.ok(s.fsyncP99 > 10 && n.fsyncP99 < 10, `wal fsync p99 ${s.fsyncP99} / ${n.fsyncP99} ms against the 10 ms health rule`);
});

test('the analytic leader-change rate: ~5 per hour on SATA at 100/1000 ms, ~1 per week on NVMe at 500/5000 ms, fewer with longer timers', () => {
  const sataRate = expectedLeaderChangesPerHour({ ...defaultEtcdClusterConfig, ...sata });
  const nvmeWeekly = 168 * expectedLeaderChangesPerHour({ ...defaultEtcdClusterConfig, ...nvme });
  assert.ok(sataRate > 4 && sataRate < 6.5, `SATA ${sataRate}/h`);
  assert.ok(nvmeWeekly > 0.6 && nvmeWeekly < 1.5, `NVMe ${nvmeWeekly}/week`);
  assert.ok(expectedLeaderChangesPerHour({ ...defaultEtcdClusterConfig, ...sata, heartbeatInterval: 500_000, electionTimeout: 5_000_000 }) < sataRate / 100);
  assert.equal(expectedLeaderChangesPerHour({ ...defaultEtcdClusterConfig, members: 1, disk: 'sata-ssd' }), 0);
});

test('the simulated SATA rate agrees with the analytic one over a long run (20 h)', () => {
  const { sim, etcd, streams } = makeCluster(sata, 5);
  steadyWrites(sim, etcd, streams, 5, 20 * HOUR);
  sim.run({ until: 20 * HOUR });
  const expected = 20 * expectedLeaderChangesPerHour({ ...defaultEtcdClusterConfig, ...sata });
  assert.ok(Math.abs(etcd.leaderChanges - expected) < 0.35 * expected, `${etcd.leaderChanges} changes vs ${expected.toFixed(1)} expected`);
});
