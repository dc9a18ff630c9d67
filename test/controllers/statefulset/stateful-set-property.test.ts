import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { StatefulSet } from '../../../src/api/apps.js';
import type { NewObject } from '../../../src/api/object-store.js';
import type { Pod } from '../../../src/api/objects.js';
import { isPodReady } from '../../../src/controllers/pod-readiness.js';
import { revisionOfPod } from '../../../src/controllers/statefulset/stateful-set-plan.js';
import { applyRequest } from '../../../src/controlplane/apiserver/storage-operation.js';
import { Harness } from '../controller-harness.js';

function statefulSet(replicas: number, policy: 'OrderedReady' | 'Parallel', strategy: StatefulSet['spec']['updateStrategy']): NewObject<'StatefulSet'> {
  return {
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default' },
    spec: {
      replicas, podManagementPolicy: policy, updateStrategy: strategy, minReadySeconds: 0, revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { schedulerName: 'default-scheduler', priority: 0, containers: [{ name: 'db', image: 'v1', resources: { requests: {}, limits: {} } }] } },
    },
    status: { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 },
  };
}

function patch(h: Harness, spec: unknown): void {
  const r = applyRequest(h.store, { verb: 'PATCH', kind: 'StatefulSet', namespace: 'default', name: 'db', body: { spec }, user: 'admin' });
  assert.equal(r.code, 200);
}

const image = (v: string): unknown => ({ template: { spec: { containers: [{ name: 'db', image: v, resources: { requests: {}, limits: {} } }] } } });
const ordinal = (p: Pod): number => Number(p.metadata.name.slice('db-'.length));
const byOrdinal = (h: Harness): Map<number, Pod> => new Map(h.store.list('Pod').map((p) => [ordinal(p), p]));

test('OrderedReady creates 0..N−1 each after the lower ones are Running and Ready; RollingUpdate replaces from the highest ordinal down to partition, one at a time', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 100, max: 4_000 }), fc.integer({ min: 1, max: 500 }), (replicas, partitionRaw, readyMs, seed) => {
      const partition = Math.min(partitionRaw, replicas);
      let n = seed;
      const h = new Harness({ seed, readyAfter: () => {
        n = (n * 48271) % 2147483647;
        return (readyMs + (n % 1_000)) * 1_000;
      } });
      h.create(statefulSet(replicas, 'OrderedReady', { type: 'RollingUpdate', rollingUpdate: { partition } }));
      const seen = new Set<number>();
      h.runUntil(200e6, () => {
        const pods = byOrdinal(h);
        for (const [ord] of pods) {
          if (seen.has(ord)) continue;
          seen.add(ord);
          for (let lower = 0; lower < ord; lower++) assert.ok(pods.get(lower) !== undefined && isPodReady(pods.get(lower) as Pod), `db-${ord} created before db-${lower} was ready`);
        }
      });
      assert.equal(h.store.count('Pod'), replicas);
      patch(h, image('v2'));
      const replaced: number[] = [];
      const before = byOrdinal(h);
      h.runUntil(h.sim.now + 400e6, () => {
        const pods = byOrdinal(h);
        let down = 0;
        for (let ord = 0; ord < replicas; ord++) {
          const p = pods.get(ord);
          if (p === undefined || !isPodReady(p)) down++;
          if (p !== undefined && p.metadata.uid !== before.get(ord)?.metadata.uid && !replaced.includes(ord)) replaced.push(ord);
        }
        assert.ok(down <= 1, `${down} pods down at once`);
      });
      const expected = [];
      for (let ord = replicas - 1; ord >= partition; ord--) expected.push(ord);
      assert.deepEqual(replaced, expected, 'replaced from the highest ordinal down to partition');
      const pods = byOrdinal(h);
      for (let ord = 0; ord < replicas; ord++) assert.equal(pods.get(ord)?.spec.containers[0]?.image, ord < partition ? 'v1' : 'v2');
      const set = h.store.get('StatefulSet', 'default/db');
      assert.equal(set?.status.updatedReplicas, replicas - partition);
      if (partition === 0) assert.equal(set?.status.currentRevision, set?.status.updateRevision);
    }),
    { numRuns: 40, seed: 424242 },
  );
});

test('Parallel creates every pod at once; scale-down deletes from the highest ordinal', () => {
  const h = new Harness({ readyAfter: () => 5_000_000 });
  h.create(statefulSet(5, 'Parallel', { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }));
  h.runUntil(1e6);
  assert.equal(h.store.count('Pod'), 5, 'all five exist before any is ready');
  assert.ok(h.store.list('Pod').every((p) => !isPodReady(p)));
  h.runUntil(30e6);
  const o = new Harness({ readyAfter: () => 1_000_000 });
  o.create(statefulSet(4, 'OrderedReady', { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }));
  o.runUntil(60e6);
  const deletes: string[] = [];
  const seen = o.requests.length;
  patch(o, { replicas: 1 });
  o.runUntil(120e6);
  for (const { req } of o.requests.slice(seen)) if (req.verb === 'DELETE' && req.kind === 'Pod') deletes.push(req.name ?? '');
  assert.deepEqual(deletes, ['db-3', 'db-2', 'db-1']);
});

test('OnDelete leaves old pods until they are deleted; a recreated pod gets the new template', () => {
  const h = new Harness();
  h.create(statefulSet(3, 'OrderedReady', { type: 'OnDelete' }));
  h.runUntil(60e6);
  patch(h, image('v2'));
  h.runUntil(120e6);
  assert.ok(h.store.list('Pod').every((p) => p.spec.containers[0]?.image === 'v1'));
  applyRequest(h.store, { verb: 'DELETE', kind: 'Pod', namespace: 'default', name: 'db-1', user: 'admin' });
  h.runUntil(180e6);
  const pods = byOrdinal(h);
  assert.deepEqual([0, 1, 2].map((o) => pods.get(o)?.spec.containers[0]?.image), ['v1', 'v2', 'v1']);
  assert.notEqual(revisionOfPod(pods.get(1) as Pod), revisionOfPod(pods.get(0) as Pod));
});

test('RollingUpdate with maxUnavailable: never more pods down than it allows, highest ordinals first, nothing below the partition', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 9 }), fc.integer({ min: 0, max: 9 }), fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constantFrom('25%', '50%', '100%')),
      fc.constantFrom<'OrderedReady' | 'Parallel'>('OrderedReady', 'Parallel'), fc.integer({ min: 1, max: 500 }),
      (replicas, partitionRaw, maxUnavailable, policy, seed) => {
        const partition = Math.min(partitionRaw, replicas);
        const allowed = Math.max(1, typeof maxUnavailable === 'number' ? maxUnavailable : Math.ceil((Number(maxUnavailable.slice(0, -1)) * replicas) / 100));
        let n = seed;
        const h = new Harness({ seed, readyAfter: () => {
          n = (n * 48271) % 2147483647;
          return (500 + (n % 3_000)) * 1_000;
        } });
        h.create(statefulSet(replicas, policy, { type: 'RollingUpdate', rollingUpdate: { partition, maxUnavailable } }));
        h.runUntil(200e6);
        assert.ok([...byOrdinal(h).values()].every(isPodReady));
        const before = byOrdinal(h);
        patch(h, image('v2'));
        const deletedAt = new Map<number, number>();
        let mostDown = 0;
        h.runUntil(h.sim.now + 400e6, () => {
          const pods = byOrdinal(h);
          let down = 0;
          for (let ord = 0; ord < replicas; ord++) {
            const p = pods.get(ord);
            if (p === undefined || !isPodReady(p) || p.metadata.deletionTimestamp !== undefined) down++;
            const old = p !== undefined && p.metadata.uid === before.get(ord)?.metadata.uid && p.metadata.deletionTimestamp === undefined;
            if (!old && !deletedAt.has(ord)) deletedAt.set(ord, h.sim.now);
          }
          mostDown = Math.max(mostDown, down);
          assert.ok(down <= allowed, `${down} pods down at once, maxUnavailable ${String(maxUnavailable)} allows ${allowed}`);
        });
        // Deleted from the highest ordinal down (several at once allowed), none below the partition.
        assert.deepEqual([...deletedAt.keys()].sort((a, b) => a - b), Array.from({ length: replicas - partition }, (_, k) => partition + k));
        for (let ord = partition; ord < replicas - 1; ord++) assert.ok((deletedAt.get(ord) ?? 0) >= (deletedAt.get(ord + 1) ?? 0), `db-${ord} deleted before db-${ord + 1}`);
        if (replicas - partition >= 2 && allowed >= 2) assert.ok(mostDown >= 2, 'a maxUnavailable above 1 replaces pods together');
        const pods = byOrdinal(h);
        for (let ord = 0; ord < replicas; ord++) assert.equal(pods.get(ord)?.spec.containers[0]?.image, ord < partition ? 'v1' : 'v2');
      },
    ),
    { numRuns: 40, seed: 777 },
  );
});
