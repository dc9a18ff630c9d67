import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runDraCluster } from '../dra/dra-cluster.js';

function scenario(ops: string, replicas = 4): string {
  return `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: rollout-ops }
cluster:
  kubelet: { startLatency: { constant: 1s } }
  nodePools:
    - { name: w, count: 4, capacity: { cpu: "16", memory: 64Gi, pods: 110 } }
workload:
  - opcode: apply
    objects:
      - apiVersion: apps/v1
        kind: Deployment
        metadata: { name: web }
        spec:
          replicas: ${replicas}
          selector: { matchLabels: { app: web } }
          template:
            metadata: { labels: { app: web } }
            spec: { containers: [{ name: app, image: "nginx:1.26", resources: { requests: { cpu: 100m } } }] }
  - { opcode: rolloutStatus, resource: deployment/web }
${ops}`;
}

test('setImage rolls out; rolloutUndo restores the previous template on its old ReplicaSet under the next revision', async () => {
  const c = await runDraCluster(scenario(`  - { opcode: setImage, resource: deployment/web, images: { app: "nginx:1.27" } }
  - { opcode: rolloutStatus, resource: deployment/web }
  - { opcode: rolloutUndo, resource: deployment/web }
  - { opcode: rolloutStatus, resource: deployment/web }
`));
  assert.deepEqual(c.ctx.warnings, []);
  const d = c.cluster.store.get('Deployment', 'default/web');
  assert.equal(d?.spec.template.spec.containers[0]?.image, 'nginx:1.26');
  assert.equal(d?.metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
  const rss = c.cluster.store.list('ReplicaSet');
  assert.equal(rss.length, 2, 'the undo reused the first ReplicaSet');
  const active = rss.find((rs) => rs.spec.replicas === 4);
  assert.equal(active?.spec.template.spec.containers[0]?.image, 'nginx:1.26');
  assert.equal(active?.metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
  assert.equal(active?.metadata.annotations?.['deployment.kubernetes.io/revision-history'], '1');
  const pods = c.cluster.store.list('Pod');
  assert.equal(pods.length, 4);
  assert.ok(pods.every((p) => p.spec.containers[0]?.image === 'nginx:1.26' && p.status.phase === 'Running'));
  assert.equal(c.metrics.counter('kubesim_rollouts_total', { result: 'complete' }).value, 2);
});

test('rolloutUndo to a given revision, scale, patch, pause/resume and delete go through the API', async () => {
  const c = await runDraCluster(scenario(`  - { opcode: setImage, resource: deployment/web, images: { app: "v2" } }
  - { opcode: rolloutStatus, resource: deployment/web }
  - { opcode: setImage, resource: deployment/web, images: { app: "v3" } }
  - { opcode: rolloutStatus, resource: deployment/web }
  - { opcode: rolloutUndo, resource: deployment/web, toRevision: 2 }
  - { opcode: rolloutStatus, resource: deployment/web }
  - { opcode: rolloutPause, resource: deployment/web }
  - { opcode: patch, resource: deployment/web, patch: { spec: { template: { metadata: { labels: { tier: front } } } } } }
  - { opcode: scale, resource: deployment/web, replicas: 6 }
  - { opcode: sleep, duration: 30s }
  - { opcode: rolloutResume, resource: deployment/web }
  - { opcode: rolloutStatus, resource: deployment/web }
`, 2));
  assert.deepEqual(c.ctx.warnings, []);
  const store = c.cluster.store;
  const d = store.get('Deployment', 'default/web');
  assert.equal(d?.spec.template.spec.containers[0]?.image, 'v2');
  assert.equal(d?.spec.replicas, 6);
  const pods = store.list('Pod');
  assert.equal(pods.length, 6);
  assert.ok(pods.every((p) => p.spec.containers[0]?.image === 'v2' && p.metadata.labels?.['tier'] === 'front'));
  c.ctx.workloadClient.send({ verb: 'DELETE', kind: 'Deployment', namespace: 'default', name: 'web', user: 'admin', groups: ['system:masters'] }, () => undefined);
  c.sim.run({ until: c.sim.now + 30e6 });
  assert.equal(store.count('ReplicaSet'), 0, 'the garbage collector deleted the ReplicaSets');
  assert.equal(store.count('Pod'), 0, 'and their pods');
});

test('an undo without history and a paused undo are warnings, as kubectl reports them', async () => {
  const c = await runDraCluster(scenario(`  - { opcode: rolloutUndo, resource: deployment/web }
  - { opcode: rolloutPause, resource: deployment/web }
  - { opcode: rolloutUndo, resource: deployment/web }
  - { opcode: setImage, resource: deployment/web, images: { sidecar: "x" } }
`));
  const w = c.ctx.warnings.map((x) => x.replace(/^t=[\d.]+s: /, ''));
  assert.equal(w.length, 3);
  assert.match(w[0] ?? '', /no rollout history found/);
  assert.match(w[1] ?? '', /you cannot rollback a paused deployment/);
  assert.match(w[2] ?? '', /has no container "sidecar"/);
});
