import assert from 'node:assert/strict';
import { test } from 'node:test';
import { counterOf, legacyImage, pods, run, scenario, summaryOf } from './fixtures.js';

const waitAll = '  - opcode: barrier\n    for: Running\n';

test('the kubelet garbage collects at its 5 min tick once imagefs is above 85 %, down to 80 %, keeping images in use', async () => {
  // Each image holds 300 MB on imagefs (100 MB blob + 200 MB unpacked); the imagefs is 1 GB.
  const images = legacyImage('a:1', 1, '100 MB') + legacyImage('b:1', 1, '100 MB') + legacyImage('c:1', 1, '100 MB');
  const pool = '      network: { bandwidth: 100 MB/s }\n      imageFs: { capacity: 1 GB }\n';
  const inNs = (ns: string, op: string): string => op.replace('    podTemplate:', `    namespace: ${ns}\n    podTemplate:`);
  const workload =
    inNs('gone', pods(1, 'r.test/a:1', '', 'w-0', 'a-')) + waitAll +
    inNs('gone', pods(1, 'r.test/b:1', '', 'w-0', 'b-')) + waitAll +
    pods(1, 'r.test/c:1', '', 'w-0', 'c-') + waitAll + // 900 MB: 90 %
    '  - opcode: deletePods\n    namespace: gone\n' +
    '  - opcode: sleep\n    duration: 6m\n' +
    pods(1, 'r.test/a:1', '', 'w-0', 'again-a-') + pods(1, 'r.test/b:1', '', 'w-0', 'again-b-') + pods(1, 'r.test/c:1', '', 'w-0', 'again-c-') + waitAll;
  // At 90 % the default hard threshold imagefs.available<15% would have the eviction manager delete every unused image
  // (and evict pods); this test is about the image GC alone, so only the memory threshold stays.
  const kubelet = '    registryPullQPS: 0\n    evictionHard: { memory.available: 100Mi }\n';
  const r = await run(scenario({ images, pool, workload, kubelet }));
  assert.deepEqual(r.warnings, []);
  // To free 1 GB × 20 % − 100 MB available = 100 MB, one unused image goes: a, the least recently used (its first detection breaks the tie with b).
  assert.equal(counterOf(r, 'kubelet_image_garbage_collected_total{reason="space"}'), 1);
  assert.equal(counterOf(r, 'kubesim_image_pulls_total{mode="legacy",result="pulled"}'), 4); // a, b, c, then a again
  assert.equal(counterOf(r, 'kubesim_image_pulls_total{mode="legacy",result="present"}'), 2); // b (unused, kept) and c (in use)
});

test('nothing is collected while imagefs stays below the high threshold', async () => {
  const images = legacyImage('a:1', 1, '100 MB');
  const pool = '      network: { bandwidth: 100 MB/s }\n      imageFs: { capacity: 1 GB }\n';
  const r = await run(scenario({ images, pool, workload: pods(1, 'r.test/a:1', '', 'w-0') + waitAll + '  - opcode: sleep\n    duration: 11m\n' }));
  assert.equal(counterOf(r, 'kubelet_image_garbage_collected_total{reason="space"}'), 0);
});

test('the node reports pulled images in status.images, and ImageLocality then favours that node', async () => {
  const images = legacyImage('model:1', 1, '800 MB');
  // The first pod pulls the image on w-1; after the next status update the second pod, free to go
  // anywhere and requesting nothing, scores w-1 higher on ImageLocality and finds the image present.
  const workload = pods(1, 'r.test/model:1', '', 'w-1', 'first-') + waitAll + '  - opcode: sleep\n    duration: 15s\n' + pods(1, 'r.test/model:1', '', undefined, 'second-') + waitAll;
  const r = await run(scenario({ images, nodes: 2, workload }));
  const second = r.pods.find((p) => p.name.startsWith('second-'));
  assert.equal(second?.node, 'w-1');
  assert.equal(counterOf(r, 'kubesim_image_pulls_total{mode="legacy",result="present"}'), 1);
});

test('a pod of two containers pulls their images one after the other; its start SLI leaves both pulls out', async () => {
  const images = legacyImage('a:1', 1, '100 MB') + legacyImage('b:1', 1, '100 MB');
  const workload = `  - opcode: createPods
    count: 1
    podTemplate:
      spec:
        nodeName: w-0
        containers: [{ name: a, image: r.test/a:1 }, { name: b, image: r.test/b:1 }]
${waitAll}  - opcode: sleep
    duration: 1s
`; // the kubelet's own watch sees the pod running a moment after the barrier's
  const r = await run(scenario({ images, workload }));
  const pull = (image: string): number => summaryOf(r, `kubelet_image_pull_duration_seconds{image="${image}",mode="legacy"}`).max;
  // Each: 100 MB at 100 MB/s, 200 MB unpacked at 180 MB/s, plus requests.
  assert.ok(pull('r.test/a:1') > 2 && pull('r.test/b:1') > 2);
  const e2e = summaryOf(r, 'kubelet_pod_start_duration_seconds').max;
  const sli = summaryOf(r, 'kubelet_pod_start_sli_duration_seconds').max;
  assert.ok(e2e > pull('r.test/a:1') + pull('r.test/b:1'), `e2e ${e2e} s`);
  // Left: the second container's create and both starts, the first's create, and API round trips.
  assert.ok(sli > 0.5 && sli < 1.5, `SLI ${sli} s`);
});
