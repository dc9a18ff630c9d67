/** The pods/eviction subresource against PodDisruptionBudgets (pkg/registry/core/pod/storage/eviction.go), applied to a store as the apiserver commits it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectStore, type NewObject } from '../../../src/api/object-store.js';
import type { Pod } from '../../../src/api/objects.js';
import type { PodDisruptionBudget } from '../../../src/api/policy.js';
import { applyRequest } from '../../../src/controlplane/apiserver/storage-operation.js';
import type { ApiRequest } from '../../../src/controlplane/apiserver/request.js';
import { RestClient } from '../../../src/controlplane/rest-client.js';
import { Simulation } from '../../../src/engine/simulation.js';
import { MetricsSink } from '../../../src/metrics/sink.js';

function setup(status: Partial<PodDisruptionBudget['status']>, spec: Partial<PodDisruptionBudget['spec']> = {}): ObjectStore {
  const store = new ObjectStore(new Simulation(), () => 0);
  store.create<'Node'>({ kind: 'Node', metadata: { name: 'n1' }, spec: {}, status: { capacity: {}, allocatable: {}, conditions: [] } });
  for (const [name, ready] of [['web-0', true], ['web-1', true], ['web-2', false]] as const) {
    const pod: NewObject<'Pod'> = {
      kind: 'Pod',
      metadata: { name, namespace: 'default', labels: { app: 'web' } },
      spec: { schedulerName: 'default-scheduler', priority: 0, nodeName: 'n1', containers: [] },
      status: { phase: 'Running', startTime: 0, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: 0 }] },
    };
    store.create(pod);
  }
  store.create<'PodDisruptionBudget'>({
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web', namespace: 'default', generation: 1 },
    spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } }, ...spec },
    status: { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 3, observedGeneration: 1, ...status },
  });
  return store;
}

const evict = (name: string): ApiRequest => ({ verb: 'POST', kind: 'Pod', subresource: 'eviction', namespace: 'default', name, user: 'admin' });
const pdbOf = (store: ObjectStore): PodDisruptionBudget => store.get('PodDisruptionBudget', 'default/web') as PodDisruptionBudget;
const podOf = (store: ObjectStore, name: string): Pod | undefined => store.get('Pod', `default/${name}`);

test('eviction granted: disruptionsAllowed decremented, the pod recorded in disruptedPods and deleted gracefully', () => {
  const store = setup({});
  const r = applyRequest(store, evict('web-0'));
  assert.equal(r.code, 201);
  const pdb = pdbOf(store);
  assert.equal(pdb.status.disruptionsAllowed, 0);
  assert.deepEqual(Object.keys(pdb.status.disruptedPods ?? {}), ['web-0']);
  assert.equal(pdb.status.conditions?.find((c) => c.type === 'DisruptionAllowed')?.reason, 'InsufficientPods');
  assert.equal(podOf(store, 'web-0')?.metadata.deletionTimestamp, 30e6, 'the default 30 s grace period');
});

test('no disruption allowed: 429 with upstream message and no Retry-After; the pod stays', () => {
  const store = setup({ disruptionsAllowed: 0 });
  const r = applyRequest(store, evict('web-1'));
  assert.deepEqual([r.code, r.message, r.retryAfterSeconds], [429, "Cannot evict pod as it would violate the pod's disruption budget.", 0]);
  assert.equal(podOf(store, 'web-1')?.metadata.deletionTimestamp, undefined);
});

test('a status not yet computed for the current generation: 429 with Retry-After 10 s', () => {
  const store = setup({ observedGeneration: 0 });
  const r = applyRequest(store, evict('web-0'));
  assert.deepEqual([r.code, r.retryAfterSeconds], [429, 10]);
});

test('a pod covered by two budgets: 500', () => {
  const store = setup({});
  store.create<'PodDisruptionBudget'>({ kind: 'PodDisruptionBudget', metadata: { name: 'all', namespace: 'default' }, spec: { maxUnavailable: 1, selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } }, status: { disruptionsAllowed: 5, currentHealthy: 2, desiredHealthy: 0, expectedPods: 3 } });
  const r = applyRequest(store, evict('web-0'));
  assert.deepEqual([r.code, r.message], [500, 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.']);
});

test('an unready pod: IfHealthyBudget evicts it without using the budget only while healthy >= desired; AlwaysAllow always', () => {
  const healthy = setup({ disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1 });
  assert.equal(applyRequest(healthy, evict('web-2')).code, 201);
  assert.equal(pdbOf(healthy).status.disruptionsAllowed, 0, 'budget untouched');
  const short = setup({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 1 });
  assert.equal(applyRequest(short, evict('web-2')).code, 429);
  const always = setup({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 1 }, { unhealthyPodEvictionPolicy: 'AlwaysAllow' });
  assert.equal(applyRequest(always, evict('web-2')).code, 201);
});

test('a Pending or terminal pod is deleted without consulting the budget', () => {
  const store = setup({ disruptionsAllowed: 0 });
  const pod = podOf(store, 'web-0') as Pod;
  store.update({ ...pod, status: { ...pod.status, phase: 'Succeeded' } });
  assert.equal(applyRequest(store, evict('web-0')).code, 201);
  assert.equal(podOf(store, 'web-0'), undefined, 'a terminal pod goes at once');
});

test("the disruption controller's status write with a stale resourceVersion is a 409", () => {
  const store = setup({});
  const stale = pdbOf(store);
  applyRequest(store, evict('web-0'));
  const r = applyRequest(store, { verb: 'PUT', kind: 'PodDisruptionBudget', subresource: 'status', namespace: 'default', name: 'web', body: { ...stale, status: { ...stale.status, disruptionsAllowed: 1 } }, user: 'c' });
  assert.equal(r.code, 409);
  assert.equal(pdbOf(store).status.disruptionsAllowed, 0);
});

test('RestClient gives a refused eviction back at once (no Retry-After), but retries a throttling 429', () => {
  const sim = new Simulation();
  let calls = 0;
  const answers = [{ code: 429, retryAfterSeconds: 0 }, { code: 429 }, { code: 201 }];
  const client = new RestClient(sim, { handle: (_req, respond) => respond(answers[Math.min(calls++, 2)] as { code: number }) }, new MetricsSink(sim), 'kubectl', { qps: 0, burst: 1 });
  const codes: number[] = [];
  client.send(evict('web-0'), (r) => codes.push(r.code));
  sim.run();
  assert.deepEqual([codes, calls], [[429], 1]);
  client.send(evict('web-0'), (r) => codes.push(r.code));
  sim.run();
  assert.deepEqual([codes, calls, sim.now], [[429, 201], 3, 1_000_000]);
});
