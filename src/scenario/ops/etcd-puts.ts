/**
 * `etcdPuts`: a steady open-loop write load straight to one etcd cluster (`rate` puts per second
 * of `valueSize` bytes for `duration`), for studying etcd on its own: disks, heartbeat and
 * election timeouts, compaction. At the end it records the leader changes per hour it saw
 * (`kubesim_etcd_leader_changes_per_hour{cluster}`) and, for rates too rare to observe in a run
 * (one per week), the rate the election model implies in closed form
 * (`kubesim_etcd_expected_leader_changes_per_hour{cluster}`).
 */
import type { EtcdOperation } from '../../controlplane/etcd/etcd-backend.js';
import { expectedLeaderChangesPerHour } from '../../controlplane/etcd/leader-stability.js';
import { expr } from '../schema.js';
import type { OpDefinition } from './registry.js';

/** The etcdPuts op. */
export const etcdPutsOp: OpDefinition = {
  opcode: 'etcdPuts',
  schema: { required: ['rate', 'duration'], properties: { cluster: { type: 'string' }, rate: expr, duration: expr, valueSize: expr } },
  compile(ctx, path, raw, index) {
    const rate = ctx.atLeast([...path, 'rate'], raw['rate'], 'rate', Number.MIN_VALUE);
    const duration = ctx.atLeast([...path, 'duration'], raw['duration'], 'duration', 1);
    const valueSize = raw['valueSize'] === undefined ? 1024 : ctx.atLeast([...path, 'valueSize'], raw['valueSize'], 'size', 0);
    const clusterName = ctx.etcdCluster([...path, 'cluster'], (raw['cluster'] as string | undefined) ?? 'default');
    return {
      opcode: 'etcdPuts',
      index,
      *run(run) {
        const cluster = run.cluster.etcd.get(clusterName);
        if (cluster === undefined) return;
        let failed = 0;
        const op: EtcdOperation<null> = {
          operation: 'update',
          type: 'puts',
          valueBytes: valueSize,
          count: 1,
          apply: () => null,
          done: () => undefined,
          fail: () => void failed++,
        };
        const start = run.sim.now;
        const changesBefore = cluster.leaderChanges;
        for (let i = 0; ; i++) {
          const due = start + Math.round((i * 1e6) / rate);
          if (due >= start + duration) break;
          if (due > run.sim.now) yield due - run.sim.now;
          cluster.submit(op);
        }
        yield Math.max(0, start + duration - run.sim.now);
        const hours = duration / 3.6e9;
        run.metrics.gauge('kubesim_etcd_leader_changes_per_hour', { cluster: clusterName }).set((cluster.leaderChanges - changesBefore) / hours);
        run.metrics.gauge('kubesim_etcd_expected_leader_changes_per_hour', { cluster: clusterName }).set(expectedLeaderChangesPerHour(cluster.config));
        if (failed > 0) run.warn(`etcdPuts workload[${index}]: ${failed} puts failed`);
      },
    };
  },
};
