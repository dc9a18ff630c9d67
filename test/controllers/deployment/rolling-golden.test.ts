import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deploymentControllerUser } from '../../../src/controllers/deployment/deployment-controller.js';
import { revisionOf } from '../../../src/controllers/deployment/deployment-util.js';
import { Harness, deploymentObject, patchSpec } from '../controller-harness.js';

const image = (name: string): unknown => ({ template: { spec: { containers: [{ name: 'app', image: name, resources: { requests: {}, limits: {} } }] } } });

/** (new, old) spec.replicas each time the Deployment controller writes one. */
function rolloutSteps(h: Harness): [number, number][] {
  const seen = h.requests.length;
  h.runUntil(h.sim.now + 120e6);
  const rss = h.store.list('ReplicaSet');
  const newRS = rss.find((rs) => revisionOf(rs) === 2);
  const oldRS = rss.find((rs) => revisionOf(rs) === 1);
  assert.ok(newRS !== undefined && oldRS !== undefined);
  const sizes = new Map<string, number>([[oldRS.metadata.name, 4], [newRS.metadata.name, 0]]);
  const steps: [number, number][] = [];
  for (const { req } of h.requests.slice(seen)) {
    if (req.user !== deploymentControllerUser || req.kind !== 'ReplicaSet' || req.subresource !== undefined) continue;
    if (req.verb !== 'POST' && req.verb !== 'PUT') continue;
    const body = req.body as { metadata: { name: string }; spec: { replicas: number } };
    if (sizes.get(body.metadata.name) === body.spec.replicas) continue;
    sizes.set(body.metadata.name, body.spec.replicas);
    steps.push([sizes.get(newRS.metadata.name) ?? 0, sizes.get(oldRS.metadata.name) ?? 0]);
  }
  return steps;
}

test("the users' 4-replica rollout (REFERENCE.md: 25 %/25 %, surge 1, unavailable 1) goes new +1, old −1 as upstream's rolling.go", () => {
  const h = new Harness({ readyAfter: () => 2_000_000 });
  h.create(deploymentObject('web', 4, 'nginx:1.26'));
  h.runUntil(60e6);
  assert.equal(h.deployment('web').status.availableReplicas, 4);
  patchSpec(h, 'web', image('nginx:1.27'));
  assert.deepEqual(rolloutSteps(h), [[1, 4], [1, 3], [2, 3], [2, 2], [3, 2], [3, 1], [4, 1], [4, 0]]);
  const d = h.deployment('web');
  assert.deepEqual([d.status.replicas, d.status.updatedReplicas, d.status.availableReplicas], [4, 4, 4]);
  assert.equal(d.metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
  assert.equal(d.status.conditions.find((c) => c.type === 'Progressing')?.reason, 'NewReplicaSetAvailable');
  const pods = h.store.list('Pod');
  assert.equal(pods.length, 4);
  assert.ok(pods.every((p) => p.spec.containers[0]?.image === 'nginx:1.27' && p.metadata.labels?.['pod-template-hash'] !== undefined));
});

test('Recreate scales the old ReplicaSet to 0 and waits for its pods before the new one scales up', () => {
  const h = new Harness({ readyAfter: () => 2_000_000 });
  h.create(deploymentObject('web', 3, 'nginx:1.26', { type: 'Recreate' }));
  h.runUntil(60e6);
  patchSpec(h, 'web', image('nginx:1.27'));
  let overlap = false;
  h.runUntil(h.sim.now + 60e6, () => {
    if (new Set(h.store.list('Pod').map((p) => p.spec.containers[0]?.image)).size > 1) overlap = true;
  });
  assert.equal(overlap, false, 'old and new pods never exist together');
  assert.equal(h.deployment('web').status.availableReplicas, 3);
  assert.ok(h.store.list('Pod').every((p) => p.spec.containers[0]?.image === 'nginx:1.27'));
});

test('a rollout whose pods never become ready reports ProgressDeadlineExceeded after progressDeadlineSeconds', () => {
  const h = new Harness({ readyAfter: (p) => (p.spec.containers[0]?.image === 'broken' ? undefined : 1_000_000) });
  h.create(deploymentObject('web', 4, 'nginx:1.26'));
  h.runUntil(30e6);
  const start = h.sim.now;
  patchSpec(h, 'web', { progressDeadlineSeconds: 60, ...(image('broken') as object) });
  h.runUntil(start + 50e6);
  assert.notEqual(h.deployment('web').status.conditions.find((c) => c.type === 'Progressing')?.reason, 'ProgressDeadlineExceeded');
  h.runUntil(start + 90e6);
  const d = h.deployment('web');
  const cond = d.status.conditions.find((c) => c.type === 'Progressing');
  assert.equal(cond?.status, 'False');
  assert.equal(cond?.reason, 'ProgressDeadlineExceeded');
  // maxUnavailable 1: three old pods keep serving; the broken ones never replace them.
  assert.equal(d.status.availableReplicas, 3);
});

test('pause holds a template change; resume rolls it out', () => {
  const h = new Harness();
  h.create(deploymentObject('web', 2, 'nginx:1.26'));
  h.runUntil(30e6);
  patchSpec(h, 'web', { paused: true });
  patchSpec(h, 'web', image('nginx:1.27'));
  h.runUntil(h.sim.now + 30e6);
  assert.equal(h.store.list('ReplicaSet').length, 1);
  assert.equal(h.deployment('web').status.conditions.find((c) => c.type === 'Progressing')?.reason, 'DeploymentPaused');
  patchSpec(h, 'web', { paused: false });
  h.runUntil(h.sim.now + 60e6);
  assert.equal(h.store.list('ReplicaSet').length, 2);
  assert.ok(h.store.list('Pod').every((p) => p.spec.containers[0]?.image === 'nginx:1.27'));
});

test('revisionHistoryLimit keeps that many old ReplicaSets', () => {
  const h = new Harness();
  const d = deploymentObject('web', 1, 'v0');
  h.create({ ...d, spec: { ...d.spec, revisionHistoryLimit: 2 } });
  h.runUntil(20e6);
  for (let i = 1; i <= 5; i++) {
    patchSpec(h, 'web', image(`v${i}`));
    h.runUntil(h.sim.now + 30e6);
  }
  assert.deepEqual(h.store.list('ReplicaSet').map(revisionOf).sort((a, b) => a - b), [4, 5, 6]);
});
