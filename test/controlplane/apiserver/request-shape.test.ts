/** RequestShape: the apiserver memoises a shape's replica, digest and APF classification on it, and serves requests exactly as without it. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadScenario } from '../../../src/cli/load-scenario.js';
import { KubeApiserver } from '../../../src/controlplane/apiserver/kube-apiserver.js';
import type { ApiRequest } from '../../../src/controlplane/apiserver/request.js';
import { RequestShape } from '../../../src/controlplane/apiserver/request-shape.js';
import { RandomStreams } from '../../../src/engine/rng.js';
import { Simulation } from '../../../src/engine/simulation.js';
import { MetricsSink } from '../../../src/metrics/sink.js';
import { ClusterRuntime } from '../../../src/scenario/cluster-runtime.js';

test('fits: every field of the shape must match the request', () => {
  const shape = new RequestShape('system:node:n1', 'PATCH', 'Node', undefined, 'status');
  const req: ApiRequest = { verb: 'PATCH', kind: 'Node', subresource: 'status', name: 'n1', user: 'system:node:n1' };
  assert.equal(shape.fits(req), true);
  assert.equal(shape.fits({ ...req, name: 'other' }), true); // the object's name is not part of the shape
  assert.equal(shape.fits({ ...req, user: 'system:node:n2' }), false);
  assert.equal(shape.fits({ ...req, verb: 'PUT' }), false);
  assert.equal(shape.fits({ ...req, kind: 'Pod' }), false);
  assert.equal(shape.fits({ verb: 'PATCH', kind: 'Node', name: 'n1', user: 'system:node:n1' }), false);
  assert.equal(shape.fits({ ...req, namespace: 'default' }), false);
  assert.equal(shape.fits({ ...req, groups: ['system:masters'] }), false);
});

/** A cluster of three apiserver replicas and `nodes` API-only nodes. */
async function cluster(nodes: number): Promise<{ sim: Simulation; runtime: ClusterRuntime }> {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-request-shape-'));
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: request-shape }
cluster:
  apiserver: { replicas: 3 }
  nodePools:
    - { name: w, count: ${nodes}, capacity: { cpu: "8", memory: 32Gi, pods: 110 } }
workload: []
`);
  const spec = await loadScenario(file);
  const sim = new Simulation();
  return { sim, runtime: new ClusterRuntime(sim, new MetricsSink(sim), new RandomStreams(spec.seed), spec.cluster) };
}

/** Each node's user GETs its Node 5 times, 1 ms apart, with or without a shape per user; returns when and how each was answered. */
async function exchange(withShapes: boolean): Promise<{ answers: string[]; shapes: RequestShape[] }> {
  const { sim, runtime } = await cluster(20);
  const answers: string[] = [];
  const shapes: RequestShape[] = [];
  const send = sim.register<ApiRequest>((req) => runtime.apiserver.handle(req, (r) => answers.push(`${req.user} ${sim.now} ${r.code}`)));
  for (let i = 0; i < 20; i++) {
    const user = `system:node:w-${i}`;
    const shape = new RequestShape(user, 'GET', 'Node');
    shapes.push(shape);
    for (let k = 0; k < 5; k++) {
      const req: ApiRequest = { verb: 'GET', kind: 'Node', name: `w-${i}`, user, ...(withShapes ? { shape } : {}) };
      sim.schedule(k * 1_000 + i, send, req);
    }
  }
  sim.run({ until: 10_000_000 });
  return { answers, shapes };
}

test('requests carrying shapes are answered at the same times with the same codes, and the memos are set', async () => {
  const plain = await exchange(false);
  const shaped = await exchange(true);
  assert.equal(plain.answers.length, 100);
  assert.deepEqual(shaped.answers, plain.answers);
  for (const s of shaped.shapes) {
    assert.ok(s.replica instanceof KubeApiserver);
    assert.notEqual(s.digest, undefined);
  }
  for (const s of plain.shapes) assert.equal(s.replica, undefined);
});

test('a shape that does not fit its request is ignored: no memo is set from it', async () => {
  const { sim, runtime } = await cluster(1);
  const shape = new RequestShape('someone-else', 'GET', 'Node');
  let code = 0;
  runtime.apiserver.handle({ verb: 'GET', kind: 'Node', name: 'w-0', user: 'system:node:w-0', shape }, (r) => (code = r.code));
  sim.run({ until: 1_000_000 });
  assert.equal(code, 200);
  assert.equal(shape.replica, undefined);
  assert.equal(shape.digest, undefined);
});
