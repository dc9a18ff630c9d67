import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadProblems } from './fixtures.js';
import { formatPath, type InputProblem } from '../../src/scenario/input-error.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kubesim-images-bad-'));

interface Parts {
  layer?: string;
  registry?: string;
  kubelet?: string;
  pool?: string;
  image?: string;
}

/**
 * A valid image scenario with one part replaced. Lines: 6 bandwidth, 9 the layer, 12 the first
 * kubelet field, 16 the first pool field after `count`, 21 the pod's image.
 */
function scenario(p: Parts = {}): string {
  return `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: images-bad }
registries:
  - host: r.test
${p.registry ?? '    bandwidth: 1 Gb/s'}
    images:
      - name: app:1
        layers: [${p.layer ?? '{ digest: "sha256:a", size: 10Mi, uncompressedSize: 20Mi }'}]
cluster:
  kubelet:
${p.kubelet ?? '    registryPullQPS: 5'}
  nodePools:
    - name: w
      count: 1
${p.pool ?? '      imageFs: { capacity: 100Gi }'}
      capacity: { cpu: "4", memory: 8Gi, pods: 110 }
workload:
  - opcode: createPods
    count: 1
    podTemplate: { spec: { containers: [{ name: c, image: ${p.image ?? 'r.test/app:1'} }] } }
`;
}

let written = 0;
function write(text: string): string {
  const file = join(dir, `case-${++written}.yaml`);
  writeFileSync(file, text);
  return file;
}

const problemsOf = loadProblems;

const cases: ReadonlyArray<{ name: string; parts: Parts; line: number; path: string; message: RegExp }> = [
  {
    name: 'a pod image that no registry serves',
    parts: { image: 'r.test/missing:1' },
    line: 21,
    path: 'workload[0].podTemplate.spec.containers[0].image',
    message: /image "r\.test\/missing:1" \(r\.test\/missing:1\) is in no registry: registry r\.test does not serve it/,
  },
  {
    name: 'a pod image on a registry that is not declared',
    parts: { image: 'nginx:1.27' },
    line: 21,
    path: 'workload[0].podTemplate.spec.containers[0].image',
    message: /\(docker\.io\/library\/nginx:1\.27\) is in no registry: no registry docker\.io is declared in registries/,
  },
  {
    name: 'a malformed layer size (5Qi)',
    parts: { layer: '{ digest: "sha256:a", size: 5Qi, uncompressedSize: 20Mi }' },
    line: 9,
    path: 'registries[0].images[0].layers[0].size',
    message: /invalid quantity "5Qi": unknown suffix "Qi"/,
  },
  {
    name: 'a bandwidth without a unit',
    parts: { registry: '    bandwidth: 1000' },
    line: 6,
    path: 'registries[0].bandwidth',
    message: /expected a bandwidth .*needs a unit, e\.g\. "10 Gb\/s"/,
  },
  {
    name: 'a bandwidth that is a size, not a rate',
    parts: { registry: '    bandwidth: 1 GB' },
    line: 6,
    path: 'registries[0].bandwidth',
    message: /expected a bandwidth .*\(a size\)/,
  },
  {
    name: 'a GC threshold written as a percentage string',
    parts: { kubelet: '    imageGCHighThresholdPercent: "85%"' },
    line: 12,
    path: 'cluster.kubelet.imageGCHighThresholdPercent',
    message: /must be a whole number of percent between 0 and 100 \(KubeletConfiguration int32\), got "85%"/,
  },
  {
    name: 'a GC threshold above 100',
    parts: { kubelet: '    imageGCHighThresholdPercent: 101' },
    line: 12,
    path: 'cluster.kubelet.imageGCHighThresholdPercent',
    message: /between 0 and 100 .*got 101/,
  },
  {
    name: 'a low GC threshold not below the high one',
    parts: { kubelet: '    imageGCHighThresholdPercent: 80\n    imageGCLowThresholdPercent: 80' },
    line: 13,
    path: 'cluster.kubelet.imageGCLowThresholdPercent',
    message: /must be less than imageGCHighThresholdPercent \(80\), got 80/,
  },
  {
    name: 'maxParallelImagePulls above 1 with serialized pulls',
    parts: { kubelet: '    maxParallelImagePulls: 3' },
    line: 12,
    path: 'cluster.kubelet.maxParallelImagePulls',
    message: /cannot be larger than 1 unless serializeImagePulls is false/,
  },
  {
    name: 'a malformed imagefs capacity',
    parts: { pool: '      imageFs: { capacity: 10Zi }' },
    line: 16,
    path: 'cluster.nodePools[0].imageFs.capacity',
    message: /invalid quantity "10Zi"/,
  },
  {
    name: 'an unknown stargz-style field name in cluster.kubelet',
    parts: { kubelet: '    imageGCHighThreshold: 85' },
    line: 12,
    path: 'cluster.kubelet.imageGCHighThreshold',
    message: /unknown field/,
  },
];

test('the image base scenario is valid (so each case below fails for its one change)', async () => {
  assert.deepEqual(await problemsOf(write(scenario())), []);
});

for (const c of cases) {
  test(`image bad input: ${c.name} → one problem naming file, line, field path and reason`, async () => {
    const file = write(scenario(c.parts));
    const problems = await problemsOf(file);
    assert.equal(problems.length, 1, `expected one problem, got: ${problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join(' | ')}`);
    const p = problems[0] as InputProblem;
    assert.equal(p.file, file);
    assert.equal(formatPath(p.path), c.path);
    assert.equal(p.line, c.line, `line of ${formatPath(p.path)}: ${p.message}`);
    assert.match(p.message, c.message);
  });
}

test('image bad input: the same layer digest declared with other sizes', async () => {
  const twice = scenario().replace(
    '        layers: [{ digest: "sha256:a", size: 10Mi, uncompressedSize: 20Mi }]\n',
    '        layers: [{ digest: "sha256:a", size: 10Mi, uncompressedSize: 20Mi }]\n      - name: other:1\n        layers: [{ digest: "sha256:a", size: 11Mi, uncompressedSize: 20Mi }]\n',
  );
  const problems = await problemsOf(write(twice));
  assert.equal(problems.length, 1);
  assert.equal(formatPath(problems[0]?.path ?? []), 'registries[0].images[1].layers[0]');
  assert.match(problems[0]?.message ?? '', /layer sha256:a has other sizes here than where it is first declared/);
});

test('image bad input through the CLI: the image in no registry, status 2 and the located message', () => {
  const file = write(scenario({ image: 'r.test/missing:1' }));
  const r = spawnSync(process.execPath, [main, 'validate', file], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /:21:\d+: workload\[0\]\.podTemplate\.spec\.containers\[0\]\.image: image "r\.test\/missing:1"/);
});
