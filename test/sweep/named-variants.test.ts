import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileScenario } from '../../src/scenario/compile.js';
import { InputError, formatProblem } from '../../src/scenario/input-error.js';
import { ScenarioSource } from '../../src/scenario/source.js';
import { loadSweep } from '../../src/sweep/load-sweep.js';
import { layoutOf, sweepManifest } from '../../src/sweep/sweep-dir.js';
import { expandVariants } from '../../src/sweep/variant.js';
import { writeScenario } from '../scenario/fixtures.js';
import { withSweep } from './fixtures.js';

const named = `variants:
  - name: small
    set: { nodes: 2, cluster.etcd.disk: ssd }
  - name: big-nvme
    description: more nodes on faster disks
    set: { nodes: 4, cluster.etcd.disk: nvme }
  - name: base`;

function problemsOf(block: string): string[] {
  try {
    compileScenario(ScenarioSource.parse('s.yaml', withSweep(block)));
  } catch (e) {
    if (e instanceof InputError) return e.problems.map(formatProblem);
    throw e;
  }
  return [];
}

test('a variants: list is one axis of names, each expanding to the fields it sets', () => {
  const sweep = compileScenario(ScenarioSource.parse('s.yaml', withSweep(named))).sweep;
  const variants = expandVariants(sweep.axes);
  assert.deepEqual(variants.map((v) => v.id), ['variant=small', 'variant=big-nvme', 'variant=base']);
  assert.deepEqual(variants.map((v) => v.sets), [['nodes=2', 'cluster.etcd.disk="ssd"'], ['nodes=4', 'cluster.etcd.disk="nvme"'], []]);
});

test('named variants vary slowest; a sweep grid varies within each', () => {
  const sweep = compileScenario(ScenarioSource.parse('s.yaml', withSweep(`${named}\nsweep:\n  cluster.apiserver.replicas: [1, 3]`))).sweep;
  const variants = expandVariants(sweep.axes);
  assert.deepEqual(variants.map((v) => v.id), ['variant=small_replicas=1', 'variant=small_replicas=3', 'variant=big-nvme_replicas=1', 'variant=big-nvme_replicas=3', 'variant=base_replicas=1', 'variant=base_replicas=3']);
  assert.deepEqual(variants[3]?.sets, ['nodes=4', 'cluster.etcd.disk="nvme"', 'cluster.apiserver.replicas=3']);
});

test('a sweep directory rebuilds the named variants from its manifest alone', async () => {
  const sweep = await loadSweep(writeScenario(withSweep(`${named}\nreplications: 2`)));
  const layout = layoutOf(JSON.parse(JSON.stringify(sweepManifest(sweep))));
  assert.deepEqual(layout.variants.map((v) => [v.id, v.sets]), sweep.variants.map((v) => [v.id, v.sets]));
  assert.deepEqual(layout.runs.map((r) => r.dir), sweep.runs.map((r) => r.dir));
  assert.equal(sweep.runs.length, 6);
});

const badCases: [string, string, RegExp][] = [
  ['a field that does not exist', 'variants:\n  - name: a\n    set: { cluster.apiserver.replica: 2 }', /:7:12: variants\[0\]\.set\["cluster\.apiserver\.replica"\]: no field cluster\.apiserver\.replica/],
  ['a name listed twice', 'variants:\n  - name: a\n  - name: a', /:7:5: variants\[1\]\.name: "a" is listed twice/],
  ['a missing name', 'variants:\n  - set: { nodes: 2 }', /:6:5: variants\[0\]\.name: required/],
  ['an unknown field', 'variants:\n  - name: a\n    sets: { nodes: 2 }', /:7:5: variants\[0\]\.sets: unknown field of a variant/],
  ['an empty list', 'variants: []', /:5:1: variants: must be a non-empty list/],
  ['a sweep key a variant also sets', 'variants:\n  - name: a\n    set: { nodes: 2 }\nsweep:\n  nodes: [3, 4]', /:9:3: sweep\.nodes: sets params\.nodes, which a variant of variants: already sets/],
];

for (const [name, block, pattern] of badCases) {
  test(`variants: with ${name} is a located error`, () => {
    const problems = problemsOf(block);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0] ?? '', pattern);
  });
}

test('a named variant that makes the scenario invalid is reported at its set entry', async () => {
  const file = writeScenario(withSweep('variants:\n  - name: ok\n  - name: four-members\n    set: { cluster.etcd.members: 4 }'));
  await assert.rejects(loadSweep(file), (e: unknown) => {
    assert.ok(e instanceof InputError);
    const text = e.problems.map(formatProblem);
    assert.equal(text.length, 1, text.join('\n'));
    assert.match(text[0] ?? '', /:8:12: variants\[1\]\.set\["cluster\.etcd\.members"\]: in sweep variant variant=four-members: cluster\.etcd\.members: .*1, 3, 5 or 7/);
    return true;
  });
});
