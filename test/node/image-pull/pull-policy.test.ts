import assert from 'node:assert/strict';
import { test } from 'node:test';
import { counterOf, legacyImage, pods, run, scenario, startupSeconds, summaryOf } from './fixtures.js';

const images = legacyImage('app:v1', 2, '50 MB') + legacyImage('app:latest', 2, '50 MB');
const waitAll = '  - opcode: barrier\n    for: Running\n';
const sleep = '  - opcode: sleep\n    duration: 30s\n';

test('Never with the image missing: ErrImageNeverPull, nothing fetched, the pod does not run', async () => {
  const r = await run(scenario({ images, workload: pods(1, 'r.test/app:v1', ', imagePullPolicy: Never') + sleep }));
  assert.equal(counterOf(r, 'kubesim_image_pulls_total{mode="legacy",result="ErrImageNeverPull"}'), 1);
  assert.equal(counterOf(r, 'kubesim_registry_bytes_transferred_total{registry="r.test"}'), 0);
  assert.equal(r.pods[0]?.observedRunning, undefined);
});

test('Never with the image already on the node: runs without pulling', async () => {
  const pool = '      network: { bandwidth: 100 MB/s }\n      images: [{ names: [r.test/app:v1], sizeBytes: 100 MB }]\n';
  const r = await run(scenario({ images, pool, workload: pods(1, 'r.test/app:v1', ', imagePullPolicy: Never') + waitAll }));
  assert.equal(counterOf(r, 'kubesim_image_pulls_total{mode="legacy",result="present"}'), 1);
  assert.equal(counterOf(r, 'kubesim_registry_bytes_transferred_total{registry="r.test"}'), 0);
  assert.ok((startupSeconds(r, 'p-')[0] ?? Infinity) < 2);
});

test('IfNotPresent (the default for a tagged image) pulls once per node; a second pod finds it present', async () => {
  const r = await run(scenario({ images, workload: pods(1, 'r.test/app:v1', '', 'w-0', 'a-') + waitAll + pods(1, 'r.test/app:v1', '', 'w-0', 'b-') + waitAll }));
  assert.equal(counterOf(r, 'kubesim_image_pulls_total{mode="legacy",result="pulled"}'), 1);
  assert.equal(counterOf(r, 'kubesim_image_pulls_total{mode="legacy",result="present"}'), 1);
  assert.equal(counterOf(r, 'kubesim_registry_bytes_transferred_total{registry="r.test"}'), 100e6);
  const [a] = startupSeconds(r, 'a-');
  const [b] = startupSeconds(r, 'b-');
  assert.ok((b ?? Infinity) < (a ?? 0) / 2, `second start ${b} s vs first ${a} s`);
});

test('Always (the default for :latest) pulls again, but layers on the node are not fetched twice', async () => {
  const r = await run(scenario({ images, workload: pods(1, 'r.test/app', '', 'w-0', 'a-') + waitAll + pods(1, 'r.test/app:latest', '', 'w-0', 'b-') + waitAll }));
  assert.equal(counterOf(r, 'kubesim_image_pulls_total{mode="legacy",result="pulled"}'), 2);
  assert.equal(counterOf(r, 'kubesim_registry_bytes_transferred_total{registry="r.test"}'), 100e6);
  const pull = summaryOf(r, 'kubelet_image_pull_duration_seconds{image="r.test/app:latest",mode="legacy"}');
  assert.equal(pull.count, 2);
  const repull = 2 * pull.mean - pull.max; // the other of the two observations
  assert.ok(repull < 0.1 && pull.max > 1, `re-pull ${repull} s, first pull ${pull.max} s`);
});

test('layers shared between images are fetched once per node', async () => {
  const shared = `      - name: base:1\n        layers:\n          - { digest: "sha256:os", size: 80 MB, uncompressedSize: 160 MB }\n` +
    `      - name: web:1\n        layers:\n          - { digest: "sha256:os", size: 80 MB, uncompressedSize: 160 MB }\n          - { digest: "sha256:web", size: 20 MB, uncompressedSize: 40 MB }\n`;
  const r = await run(scenario({ images: shared, workload: pods(1, 'r.test/base:1', '', 'w-0', 'a-') + waitAll + pods(1, 'r.test/web:1', '', 'w-0', 'b-') + waitAll }));
  assert.equal(counterOf(r, 'kubesim_node_image_bytes_transferred_total{node="w-0"}'), 100e6);
});
