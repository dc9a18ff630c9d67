/**
 * ImageLocality against upstream image_locality_test.go (TestImageLocalityPriority fixtures, with the
 * current per-container max threshold: 1000 MiB × containers, and TestNormalizedImageName).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerImage, Pod } from '../../../src/api/objects.js';
import type { ScorePlugin } from '../../../src/scheduler/framework/extension-points.js';
import type { ImageStateSummary, NodeInfo } from '../../../src/scheduler/framework/node-info.js';
import { calculatePriority, imageLocalityPlugin, normalizedImageName } from '../../../src/scheduler/plugins/image-locality.js';
import { info, makeHandle, makeNode, makeNodeInfo, makePod, newState } from '../fixtures.js';

const mb = 1024 * 1024;

function podWithImages(...images: string[]): Pod {
  return makePod('p', {}, { containers: images.map((image, i) => ({ name: `c${i}`, image, resources: { requests: {}, limits: {} } })) });
}

/** NodeInfos whose imageStates hold their images with cluster-wide node counts (as the scheduler cache builds them). */
function nodesWithImages(images: ContainerImage[][]): NodeInfo[] {
  const summaries = new Map<string, ImageStateSummary>();
  const infos = images.map((list, i) => makeNodeInfo(makeNode(`machine${i + 1}`, undefined, { images: list })));
  infos.forEach((ni, i) => {
    const states = new Map<string, ImageStateSummary>();
    for (const image of images[i] ?? []) {
      for (const name of image.names) {
        if (states.has(name)) continue;
        let s = summaries.get(name);
        if (s === undefined) summaries.set(name, (s = { size: image.sizeBytes, numNodes: 0 }));
        s.numNodes++;
        states.set(name, s);
      }
    }
    ni.imageStates = states;
  });
  return infos;
}

const node403002000: ContainerImage[] = [
  { names: ['gcr.io/40:latest', 'gcr.io/40:v1', 'gcr.io/40:v1'], sizeBytes: 40 * mb },
  { names: ['gcr.io/300:latest', 'gcr.io/300:v1'], sizeBytes: 300 * mb },
  { names: ['gcr.io/2000:latest'], sizeBytes: 2000 * mb },
];
const node25010: ContainerImage[] = [
  { names: ['gcr.io/250:latest'], sizeBytes: 250 * mb },
  { names: ['gcr.io/10:latest', 'gcr.io/10:v1'], sizeBytes: 10 * mb },
];

const cases: ReadonlyArray<[string, Pod, ContainerImage[][], number[]]> = [
  // machine1: 40M/2 = 20M < 23M → 0; machine2: 100·(250M/2 − 23M)/(2000M − 23M) = 5
  ['two images spread on two nodes, prefer the larger image one', podWithImages('gcr.io/40', 'gcr.io/250'), [node403002000, node25010], [0, 5]],
  // machine1: 100·((40M + 300M)/2 − 23M)/(2000M − 23M) = 7
  ['two images on one node, prefer this node', podWithImages('gcr.io/40', 'gcr.io/300'), [node403002000, node25010], [7, 0]],
  // machine1: 100·(2000M/2 − 23M)/(2000M − 23M) = 49; machine2: 10M/2 < 23M → 0
  ['large image spread over half the nodes', podWithImages('gcr.io/10', 'gcr.io/2000'), [node403002000, node25010], [49, 0]],
  // machine1: 100·(2000M/3 − 23M)/(2000M − 23M) = 32
  ['with a node which has no images present', podWithImages('gcr.io/10', 'gcr.io/2000'), [node403002000, node25010, []], [32, 0, 0]],
  // one container: 2000M on the only node exceeds 1000M → 100
  ['if exceed limit, use limit', podWithImages('gcr.io/2000:latest'), [node403002000], [100]],
  // 300M on the only node: 100·(300M − 23M)/(2000M − 23M) = 14; the :v2 tag is absent
  ['tagged names match exactly', podWithImages('gcr.io/300:v1', 'gcr.io/300:v2'), [node403002000], [14]],
];

for (const [name, pod, images, want] of cases) {
  test(`ImageLocality: ${name}`, () => {
    const nodes = nodesWithImages(images);
    const plugin = imageLocalityPlugin.factory({}, makeHandle(nodes)) as ScorePlugin;
    const p = info(pod);
    assert.deepEqual(nodes.map((n) => plugin.score(newState(), p, n)), want);
  });
}

test('ImageLocality: calculatePriority clamps to [23 MiB, 1000 MiB × containers]', () => {
  assert.equal(calculatePriority(0, 1), 0);
  assert.equal(calculatePriority(23 * mb, 1), 0);
  assert.equal(calculatePriority(1000 * mb, 1), 100);
  assert.equal(calculatePriority(5000 * mb, 3), 100);
  assert.equal(calculatePriority(511.5 * mb, 1), 50);
});

test('ImageLocality: normalizedImageName (upstream TestNormalizedImageName)', () => {
  const digest = 'sha256:4813494d137e1631bba301d5acab6e7bb7aa74ce1185d456565ef51d737677b2';
  for (const [input, output] of [['root', 'root:latest'], ['gcr.io:5000/root', 'gcr.io:5000/root:latest'], ['root:tag', 'root:tag'], [`root@${digest}`, `root@${digest}`]]) {
    assert.equal(normalizedImageName(input as string), output);
  }
});
