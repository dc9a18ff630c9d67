import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { IntOrString } from '../../../src/api/apps.js';
import type { NewObject } from '../../../src/api/object-store.js';
import { matchesLabelSelector } from '../../../src/api/label-selector.js';
import { objectKey, type Pod } from '../../../src/api/objects.js';
import type { PodDisruptionBudget } from '../../../src/api/policy.js';
import { RestClient } from '../../../src/controlplane/rest-client.js';
import { isPodActive, isPodReady } from '../../../src/controllers/pod-readiness.js';
import { spawn } from '../../../src/engine/process.js';
import { drainNode, type NodeDrainResult } from '../../../src/scenario/ops/drain-node.js';
import { scaledValue } from '../../../src/workload/int-or-percent.js';
import { Harness, deploymentObject } from '../controller-harness.js';

const intOrPercent = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom('0%', '20%', '25%', '50%', '80%', '100%'));

/** desiredHealthy as the disruption controller computes it for a workload of `replicas` (getExpectedPodCount). */
function desiredHealthy(replicas: number, budget: { minAvailable: IntOrString } | { maxUnavailable: IntOrString }): number {
  if ('maxUnavailable' in budget) return Math.max(0, replicas - scaledValue(budget.maxUnavailable, replicas, true));
  const m = budget.minAvailable;
  return typeof m === 'number' ? m : scaledValue(m, replicas, true);
}

function statefulSet(name: string, replicas: number): NewObject<'StatefulSet'> {
  return {
    kind: 'StatefulSet',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { schedulerName: 'default-scheduler', priority: 0, containers: [{ name: 'db', image: 'db', resources: { requests: {}, limits: {} } }] } },
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      minReadySeconds: 0,
      revisionHistoryLimit: 10,
    },
    status: { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 },
  };
}

function budget(name: string, spec: { minAvailable: IntOrString } | { maxUnavailable: IntOrString }): NewObject<'PodDisruptionBudget'> {
  return {
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: 'default', generation: 1 },
    spec: { ...spec, selector: { matchLabels: { app: name } } },
    status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
  };
}

const workload = fc.record({
  kind: fc.constantFrom('Deployment', 'StatefulSet'),
  replicas: fc.integer({ min: 1, max: 8 }),
  budget: fc.oneof(intOrPercent.map((v) => ({ minAvailable: v })), intOrPercent.map((v) => ({ maxUnavailable: v }))),
});

test('drains through PodDisruptionBudgets, checked after every event: an eviction never takes healthy pods below desiredHealthy; the drain completes when the budgets allow', () => {
  let granted = 0;
  let refused = 0;
  fc.assert(
    fc.property(
      fc.record({
        workloads: fc.array(workload, { minLength: 1, maxLength: 3 }),
        nodes: fc.integer({ min: 2, max: 6 }),
        drained: fc.integer({ min: 1, max: 5 }),
        concurrency: fc.integer({ min: 1, max: 4 }),
        readyMin: fc.integer({ min: 100, max: 3_000 }),
        readySpread: fc.integer({ min: 0, max: 8_000 }),
        shutdown: fc.integer({ min: 0, max: 3_000 }),
        latency: fc.integer({ min: 1, max: 100 }),
        seed: fc.integer({ min: 1, max: 1_000 }),
      }),
      (p) => {
        let n = p.seed;
        const h = new Harness({ seed: p.seed, latency: p.latency * 1_000, readyAfter: () => {
          n = (n * 1103515245 + 12345) % 2147483648;
          return (p.readyMin + (n % (p.readySpread + 1))) * 1_000;
        } });
        h.manager.startDisruptionController();
        // The nodes, and a stand-in scheduler: a new pod goes to the next node that is not cordoned.
        const nodes = Array.from({ length: p.nodes }, (_, i) => `node-${i}`);
        for (const name of nodes) h.store.create<'Node'>({ kind: 'Node', metadata: { name }, spec: {}, status: { capacity: {}, allocatable: {}, conditions: [] } });
        // A kubelet stand-in: the pod starts when bound, and a pod being deleted is gone `shutdown` ms later.
        let rr = 0;
        const gone = h.sim.register<{ key: string; uid: string }>(({ key, uid }) => {
          if (h.store.get('Pod', key)?.metadata.uid === uid) h.store.delete('Pod', key);
        });
        h.store.watch('Pod', (e) => {
          const key = objectKey(e.object.metadata);
          const pod = h.store.get('Pod', key);
          if (pod === undefined || pod.metadata.uid !== e.object.metadata.uid) return;
          if (e.type === 'MODIFIED' && pod.metadata.deletionTimestamp !== undefined && e.object.metadata.deletionTimestamp !== undefined) {
            n = (n * 1103515245 + 12345) % 2147483648;
            h.sim.schedule((n % (p.shutdown + 1)) * 1_000, gone, { key, uid: pod.metadata.uid });
            return;
          }
          if (e.type !== 'ADDED' || pod.spec.nodeName !== undefined) return;
          const open = nodes.filter((name) => h.store.get('Node', name)?.spec.unschedulable !== true);
          const node = open[rr++ % open.length];
          if (node !== undefined) h.store.update({ ...pod, spec: { ...pod.spec, nodeName: node }, status: { ...pod.status, startTime: h.sim.now } });
        });
        const desired = new Map<string, number>();
        p.workloads.forEach((w, i) => {
          const name = `app${i}`;
          h.create(w.kind === 'Deployment' ? deploymentObject(name, w.replicas, 'v1') : statefulSet(name, w.replicas));
          h.store.create(budget(name, w.budget));
          desired.set(`default/${name}`, desiredHealthy(w.replicas, w.budget));
        });
        h.runUntil(60e6);
        const healthy = (pdb: PodDisruptionBudget): number =>
          h.store.list('Pod').filter((pod: Pod) => matchesLabelSelector(pdb.spec.selector ?? {}, pod.metadata.labels ?? {}) && isPodActive(pod) && isPodReady(pod)).length;
        const before = new Map<string, number>();
        for (const pdb of h.store.list('PodDisruptionBudget')) before.set(objectKey(pdb.metadata), healthy(pdb));
        // Drain `drained` nodes (never all of them: the pods need somewhere to go), `concurrency` at a time.
        const targets = nodes.slice(0, Math.min(p.drained, p.nodes - 1));
        const client = new RestClient(h.sim, h.endpoint, h.metrics, 'kubectl', { qps: 5, burst: 10 });
        const results: NodeDrainResult[] = [];
        let nextNode = 0;
        for (let i = 0; i < p.concurrency; i++) {
          spawn(h.sim, function* () {
            while (nextNode < targets.length) {
              const node = targets[nextNode++] as string;
              yield* drainNode({ sim: h.sim, store: h.store }, client, 'admin', node, { timeout: 0, force: false, disableEviction: false }, (r) => results.push(r));
            }
          });
        }
        const allow = p.workloads.every((w, i) => (desired.get(`default/app${i}`) ?? 0) < w.replicas);
        h.runUntil(h.sim.now + 900e6, () => {
          for (const pdb of h.store.list('PodDisruptionBudget')) {
            const key = objectKey(pdb.metadata);
            const now = healthy(pdb);
            const was = before.get(key) ?? 0;
            const want = desired.get(key) ?? 0;
            // Only evictions take a healthy pod away here (no involuntary disruption): each must leave desiredHealthy.
            if (now < was) assert.ok(now >= want, `t=${h.sim.now}: ${key} fell to ${now} healthy pods < desiredHealthy ${want}`);
            before.set(key, now);
          }
        });
        granted += results.reduce((sum, r) => sum + (r.evictionCodes.get(201) ?? 0), 0);
        refused += results.reduce((sum, r) => sum + (r.evictionCodes.get(429) ?? 0), 0);
        if (allow) {
          assert.equal(results.length, targets.length, 'every drain finished');
          assert.ok(results.every((r) => r.ok), results.map((r) => r.message).join('; '));
          for (const node of targets) assert.equal(h.store.list('Pod').filter((pod) => pod.spec.nodeName === node).length, 0, `${node} is empty`);
        }
      },
    ),
    { numRuns: 40, seed: 20261122 },
  );
  // The runs exercised both answers of the eviction API.
  assert.ok(granted > 100, `${granted} evictions granted`);
  assert.ok(refused > 10, `${refused} evictions refused`);
});
