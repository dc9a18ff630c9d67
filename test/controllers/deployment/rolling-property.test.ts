import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { IntOrString } from '../../../src/api/apps.js';
import { controllerOf } from '../../../src/controllers/informer.js';
import { isPodActive, isPodAvailable } from '../../../src/controllers/pod-readiness.js';
import { scaledValue } from '../../../src/workload/int-or-percent.js';
import { Harness, deploymentObject, patchSpec } from '../controller-harness.js';

const intOrPercent = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom('0%', '10%', '25%', '50%', '100%'));

const zero = (v: IntOrString): boolean => (typeof v === 'number' ? v === 0 : v === '0%');

test('RollingUpdate, checked after every event: pods ≤ replicas + maxSurge, available ≥ replicas − maxUnavailable', () => {
  fc.assert(
    fc.property(
      fc.record({
        replicas: fc.integer({ min: 1, max: 12 }),
        maxSurge: intOrPercent,
        maxUnavailable: intOrPercent,
        minReadySeconds: fc.integer({ min: 0, max: 3 }),
        readyMin: fc.integer({ min: 100, max: 3_000 }),
        readySpread: fc.integer({ min: 0, max: 5_000 }),
        failPercent: fc.constantFrom(0, 0, 20, 100),
        seed: fc.integer({ min: 1, max: 1_000 }),
      }).filter((p) => !(zero(p.maxSurge) && zero(p.maxUnavailable))),
      (p) => {
        let n = 0;
        // Old pods become ready after a spread delay; a new pod never does with probability failPercent.
        const readyAfter = (pod: { spec: { containers: readonly { image: string }[] } }): number | undefined => {
          n = (n * 1103515245 + 12345 + p.seed) % 2147483648;
          if (pod.spec.containers[0]?.image === 'v2' && n % 100 < p.failPercent) return undefined;
          return (p.readyMin + (n % (p.readySpread + 1))) * 1_000;
        };
        const h = new Harness({ seed: p.seed, readyAfter });
        const d0 = deploymentObject('web', p.replicas, 'v1', { type: 'RollingUpdate', rollingUpdate: { maxSurge: p.maxSurge, maxUnavailable: p.maxUnavailable } }, p.minReadySeconds);
        h.create(d0);
        h.runUntil(120e6);
        const healthy = h.deployment('web');
        assert.equal(healthy.status.availableReplicas, p.replicas, 'healthy before the rollout');
        let surge = scaledValue(p.maxSurge, p.replicas, true);
        let unavailable = scaledValue(p.maxUnavailable, p.replicas, false);
        if (surge === 0 && unavailable === 0) unavailable = 1;
        unavailable = Math.min(unavailable, p.replicas);
        surge = Math.max(surge, 0);
        patchSpec(h, 'web', { template: { spec: { containers: [{ name: 'app', image: 'v2', resources: { requests: {}, limits: {} } }] } } });
        const uid = healthy.metadata.uid;
        let maxPods = 0;
        let minAvailable = Infinity;
        h.runUntil(h.sim.now + 300e6, () => {
          const owned = new Set(h.store.list('ReplicaSet').filter((rs) => controllerOf(rs.metadata)?.uid === uid).map((rs) => rs.metadata.uid));
          let pods = 0;
          let available = 0;
          for (const pod of h.store.list('Pod')) {
            const ref = controllerOf(pod.metadata);
            if (ref === undefined || !owned.has(ref.uid) || !isPodActive(pod)) continue;
            pods++;
            if (isPodAvailable(pod, p.minReadySeconds, h.sim.now)) available++;
          }
          maxPods = Math.max(maxPods, pods);
          minAvailable = Math.min(minAvailable, available);
          assert.ok(pods <= p.replicas + surge, `t=${h.sim.now}: ${pods} pods > ${p.replicas} + ${surge}`);
          assert.ok(available >= p.replicas - unavailable, `t=${h.sim.now}: ${available} available < ${p.replicas} − ${unavailable}`);
        });
        if (p.failPercent === 0) {
          const d = h.deployment('web');
          assert.deepEqual([d.status.updatedReplicas, d.status.availableReplicas, d.status.replicas], [p.replicas, p.replicas, p.replicas], 'complete without failures');
        }
      },
    ),
    { numRuns: 60, seed: 20261122 },
  );
});
