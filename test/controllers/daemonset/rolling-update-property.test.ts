import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { IntOrString } from '../../../src/api/apps.js';
import { applyRequest } from '../../../src/controlplane/apiserver/storage-operation.js';
import { targetNodeName } from '../../../src/controllers/daemonset/daemon-pod.js';
import { isPodActive, isPodAvailable } from '../../../src/controllers/pod-readiness.js';
import { scaledValue } from '../../../src/workload/int-or-percent.js';
import { Harness } from '../controller-harness.js';
import { createDaemonSet, daemonSet, daemonSetObject, nodeObject } from './daemon-set-fixtures.js';

const amount = fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constantFrom('10%', '25%', '50%', '100%'));

test('DaemonSet RollingUpdate, checked after every event: nodes without an available pod ≤ maxUnavailable, pods ≤ nodes + maxSurge, at most 2 per node', () => {
  fc.assert(
    fc.property(
      fc.record({
        nodes: fc.integer({ min: 1, max: 15 }),
        surge: fc.boolean(),
        amount,
        minReadySeconds: fc.integer({ min: 0, max: 3 }),
        readyMin: fc.integer({ min: 100, max: 3_000 }),
        readySpread: fc.integer({ min: 0, max: 5_000 }),
        failPercent: fc.constantFrom(0, 0, 20, 100),
        seed: fc.integer({ min: 1, max: 1_000 }),
      }),
      (p) => {
        let n = 0;
        const readyAfter = (pod: { spec: { containers: readonly { image: string }[] } }): number | undefined => {
          n = (n * 1103515245 + 12345 + p.seed) % 2147483648;
          if (pod.spec.containers[0]?.image === 'v2' && n % 100 < p.failPercent) return undefined;
          return (p.readyMin + (n % (p.readySpread + 1))) * 1_000;
        };
        const h = new Harness({ seed: p.seed, readyAfter });
        for (let i = 0; i < p.nodes; i++) h.store.create(nodeObject(`w${i}`));
        const zero: IntOrString = 0;
        const strategy = p.surge
          ? { type: 'RollingUpdate' as const, rollingUpdate: { maxUnavailable: zero, maxSurge: p.amount } }
          : { type: 'RollingUpdate' as const, rollingUpdate: { maxUnavailable: p.amount, maxSurge: zero } };
        createDaemonSet(h, daemonSetObject('agent', 'v1', strategy, p.minReadySeconds));
        h.runUntil(60e6);
        assert.equal(daemonSet(h, 'agent').status.numberAvailable, p.nodes, 'healthy before the rollout');
        const maxSurge = p.surge ? scaledValue(p.amount, p.nodes, true) : 0;
        const maxUnavailable = p.surge ? 0 : scaledValue(p.amount, p.nodes, true);
        const r = applyRequest(h.store, { verb: 'PATCH', kind: 'DaemonSet', namespace: 'default', name: 'agent', body: { spec: { template: { spec: { containers: [{ name: 'agent', image: 'v2', resources: { requests: {}, limits: {} } }] } } } }, user: 'admin' });
        assert.equal(r.code, 200);
        let worstUnavailable = 0;
        h.runUntil(h.sim.now + 300e6, () => {
          const perNode = new Map<string, { pods: number; available: boolean }>();
          let pods = 0;
          for (const pod of h.store.list('Pod')) {
            if (!isPodActive(pod)) continue;
            pods++;
            const node = targetNodeName(pod) ?? '?';
            const e = perNode.get(node) ?? { pods: 0, available: false };
            e.pods++;
            e.available ||= isPodAvailable(pod, p.minReadySeconds, h.sim.now);
            perNode.set(node, e);
          }
          let unavailable = 0;
          for (let i = 0; i < p.nodes; i++) {
            const e = perNode.get(`w${i}`);
            if (e === undefined || !e.available) unavailable++;
            assert.ok((e?.pods ?? 0) <= (p.surge ? 2 : 1), `t=${h.sim.now}: ${e?.pods ?? 0} pods on w${i}`);
          }
          worstUnavailable = Math.max(worstUnavailable, unavailable);
          assert.ok(unavailable <= maxUnavailable, `t=${h.sim.now}: ${unavailable} nodes unavailable > ${maxUnavailable}`);
          assert.ok(pods <= p.nodes + maxSurge, `t=${h.sim.now}: ${pods} pods > ${p.nodes} + ${maxSurge}`);
        });
        if (p.failPercent === 0) {
          const s = daemonSet(h, 'agent').status;
          assert.deepEqual([s.updatedNumberScheduled, s.numberAvailable, s.desiredNumberScheduled], [p.nodes, p.nodes, p.nodes], 'complete without failures');
          if (!p.surge) assert.ok(worstUnavailable >= 1, 'a maxUnavailable rollout takes nodes down');
        }
      },
    ),
    { numRuns: 60, seed: 20261122 },
  );
});
