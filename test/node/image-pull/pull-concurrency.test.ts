import assert from 'node:assert/strict';
import { test } from 'node:test';
import { counterOf, legacyImage, pods, run, scenario, startupSeconds, summaryOf, within } from './fixtures.js';

const images = legacyImage('a:1', 1, '100 MB') + legacyImage('b:1', 1, '100 MB') + legacyImage('c:1', 1, '100 MB');
const three = pods(1, 'r.test/a:1', '', 'w-0', 'a-') + pods(1, 'r.test/b:1', '', 'w-0', 'b-') + pods(1, 'r.test/c:1', '', 'w-0', 'c-') + '  - opcode: barrier\n    for: Running\n';

function runningTimes(r: Awaited<ReturnType<typeof run>>): number[] {
  return r.pods.map((p) => (p.observedRunning ?? NaN) / 1e6).sort((x, y) => x - y);
}

test('serializeImagePulls (the default): one pull at a time, pods start one after another', async () => {
  const r = await run(scenario({ images, workload: three }));
  const [first, second, third] = runningTimes(r);
  // Each pull alone: 100 MB at 100 MB/s plus unpack 200 MB at 180 MB/s.
  assert.ok((second ?? 0) - (first ?? 0) > 1.5 && (third ?? 0) - (second ?? 0) > 1.5, `running at ${runningTimes(r).join(', ')}`);
  const pull = summaryOf(r, 'kubelet_image_pull_duration_seconds{image="r.test/c:1",mode="legacy"}');
  assert.ok(pull.max > 4, 'the last pull waited for the two before it');
});

test('serializeImagePulls false with maxParallelImagePulls 3: the pulls share the node link and end together', async () => {
  const kubelet = '    registryPullQPS: 0\n    serializeImagePulls: false\n    maxParallelImagePulls: 3\n';
  const r = await run(scenario({ images, kubelet, workload: three }));
  const times = runningTimes(r);
  assert.ok((times[2] ?? 0) - (times[0] ?? 0) < 0.5, `running at ${times.join(', ')}`);
  // 300 MB through 100 MB/s: ≈ 3 s of downloads each.
  within(summaryOf(r, 'kubesim_container_startup_phase_seconds{mode="legacy",phase="pull"}').max, 3, 0.1, 'parallel pull');
});

test('maxParallelImagePulls 2 lets two pulls run and queues the third', async () => {
  const kubelet = '    registryPullQPS: 0\n    serializeImagePulls: false\n    maxParallelImagePulls: 2\n';
  const times = runningTimes(await run(scenario({ images, kubelet, workload: three })));
  assert.ok((times[1] ?? 0) - (times[0] ?? 0) < 0.5 && (times[2] ?? 0) - (times[1] ?? 0) > 1, `running at ${times.join(', ')}`);
});

test('registryPullQPS/registryBurst: pulls beyond the burst fail with "pull QPS exceeded" and retry after the back-off', async () => {
  const kubelet = '    registryPullQPS: 0.05\n    registryBurst: 1\n    serializeImagePulls: false\n';
  const r = await run(scenario({ images, kubelet, workload: three }));
  assert.ok(counterOf(r, 'kubesim_image_pulls_total{mode="legacy",result="PullQPSExceeded"}') >= 2);
  assert.equal(counterOf(r, 'kubesim_image_pulls_total{mode="legacy",result="pulled"}'), 3);
  const times = runningTimes(r);
  // One token at once, the next after 20 s (0.05/s): the others wait in ImagePullBackOff (10 s, 20 s, ...).
  assert.ok((times[0] ?? Infinity) < 5 && (times[2] ?? 0) > 20, `running at ${times.join(', ')}`);
  const unlimited = await run(scenario({ images, kubelet: '    registryPullQPS: 0\n    serializeImagePulls: false\n', workload: three }));
  assert.equal(counterOf(unlimited, 'kubesim_image_pulls_total{mode="legacy",result="PullQPSExceeded"}'), 0);
});

for (const nodes of [10, 40]) {
  test(`${nodes} nodes pulling from one registry at once take ≈ nodes × size / registry bandwidth`, async () => {
    const registry = '    bandwidth: 1 Gb/s\n    requestLatency: 10ms\n';
    const pool = '      network: { bandwidth: 10 Gb/s }\n';
    const big = legacyImage('big:1', 1, '250 MB');
    const workload = `  - opcode: createPods\n    count: ${nodes}\n    podTemplate:\n      spec:\n        affinity:\n          podAntiAffinity:\n            requiredDuringSchedulingIgnoredDuringExecution:\n              - { labelSelector: { matchLabels: { app: big } }, topologyKey: kubernetes.io/hostname }\n        containers: [{ name: c, image: r.test/big:1 }]\n      metadata: { generateName: p-, labels: { app: big } }\n  - opcode: barrier\n    for: Running\n`;
    const r = await run(scenario({ images: big, registry, pool, nodes, workload }));
    const fetch = summaryOf(r, 'kubesim_container_startup_phase_seconds{mode="legacy",phase="pull"}');
    assert.equal(fetch.count, nodes);
    within(fetch.max, (nodes * 250e6) / 125e6, 0.05, 'slowest fetch');
    assert.equal(startupSeconds(r, 'p-').length, nodes);
  });
}
