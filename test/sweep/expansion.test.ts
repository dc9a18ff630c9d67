import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileScenario } from '../../src/scenario/compile.js';
import type { SweepSpec } from '../../src/scenario/compile-sweep.js';
import { InputError, formatProblem } from '../../src/scenario/input-error.js';
import { ScenarioSource } from '../../src/scenario/source.js';
import { loadSweep } from '../../src/sweep/load-sweep.js';
import { expandVariants, variantId } from '../../src/sweep/variant.js';
import { writeScenario } from '../scenario/fixtures.js';
import { withSweep } from './fixtures.js';

function sweepOf(block: string): SweepSpec {
  return compileScenario(ScenarioSource.parse('s.yaml', withSweep(block))).sweep;
}

function problemsOf(block: string): string[] {
  try {
    compileScenario(ScenarioSource.parse('s.yaml', withSweep(block)));
  } catch (e) {
    if (e instanceof InputError) return e.problems.map(formatProblem);
    throw e;
  }
  return [];
}

test('a grid expands first key slowest, values in the order listed, with stable readable ids', () => {
  const sweep = sweepOf('sweep:\n  nodes: [2, 3]\n  cluster.apiserver.replicas: [1, 3, 5]\n  cluster.etcd.disk: [ssd, nvme]');
  const variants = expandVariants(sweep.axes);
  assert.equal(variants.length, 12);
  assert.deepEqual(variants.slice(0, 3).map((v) => v.id), [
    'nodes=2_replicas=1_disk=ssd',
    'nodes=2_replicas=1_disk=nvme',
    'nodes=2_replicas=3_disk=ssd',
  ]);
  assert.equal(variants[11]?.id, 'nodes=3_replicas=5_disk=nvme');
  assert.deepEqual(variants[0]?.sets, ['nodes=2', 'cluster.apiserver.replicas=1', 'cluster.etcd.disk="ssd"']);
  assert.deepEqual(sweep.seeds, [1]);
  assert.equal(new Set(variants.map((v) => v.id)).size, 12);
});

test('ranges: step (default 1), fractional steps without float noise, geometric factor', () => {
  const sweep = sweepOf(`sweep:
  nodes: { from: 100, to: 500, step: 200 }
  cluster.apiserver.replicas: { from: 1, to: 3 }
  cluster.etcd.autoDefragFreeRatio: { from: 0.1, to: 0.3, step: 0.1 }
  cluster.nodePools[0].count: { from: 1000, to: 8000, factor: 2 }`);
  assert.deepEqual(sweep.axes.map((a) => a.values), [[100, 300, 500], [1, 2, 3], [0.1, 0.2, 0.3], [1000, 2000, 4000, 8000]]);
  assert.deepEqual(sweep.axes.map((a) => a.path), [['params', 'nodes'], ['cluster', 'apiserver', 'replicas'], ['cluster', 'etcd', 'autoDefragFreeRatio'], ['cluster', 'nodePools', 0, 'count']]);
});

test('replications: a count from the seed, or an explicit list', () => {
  assert.deepEqual(sweepOf('seed: 7\nreplications: 3').seeds, [7, 8, 9]);
  assert.deepEqual(sweepOf('replications: [11, 5]').seeds, [11, 5]);
  assert.deepEqual(sweepOf('sweep:\n  nodes: [4]').seeds, [1]);
});

test('variant ids are a pure function of the assignments; odd values get a hash', () => {
  assert.equal(variantId([{ key: 'nodes', value: 1000 }]), 'nodes=1000');
  assert.equal(variantId([]), 'base');
  assert.equal(variantId([{ key: 'cluster.nodePools[0].count', value: 5 }, { key: 'cluster.etcd.disk', value: 'ssd' }]), 'count=5_disk=ssd');
  // two keys with the same last name keep their paths (and brackets make the id hashed)
  assert.match(variantId([{ key: 'cluster.etcd.disk', value: 'ssd' }, { key: 'cluster.etcdClusters[0].disk', value: 'nvme' }]), /^cluster\.etcd\.disk=ssd_cluster\.etcdClusters-0-\.disk=nvme~[0-9a-f]{10}$/);
  const odd = variantId([{ key: 'cluster.etcd.disk', value: { fsync: { constant: '1ms' }, writeBytesPerSecond: '1Gi' } }]);
  assert.match(odd, /^disk=-fsync-.*~[0-9a-f]{10}$/);
  assert.equal(odd, variantId([{ key: 'cluster.etcd.disk', value: { fsync: { constant: '1ms' }, writeBytesPerSecond: '1Gi' } }]));
  assert.notEqual(odd, variantId([{ key: 'cluster.etcd.disk', value: { fsync: { constant: '2ms' }, writeBytesPerSecond: '1Gi' } }]));
});

const invalid: [string, string, RegExp][] = [
  ['a path that does not exist', 'sweep:\n  cluster.apiserver.replica: [1, 2]', /^s\.yaml:6:3: sweep\["cluster\.apiserver\.replica"\]: no field cluster\.apiserver\.replica in a scenario \(cluster\.apiserver has no "replica"\)$/],
  ['an undeclared param', 'sweep:\n  pods: [1]', /^s\.yaml:6:3: sweep\.pods: "pods" is not a declared param \(declared: nodes\)/],
  ['a list index past the end', 'sweep:\n  cluster.nodePools[2].count: [1]', /^s\.yaml:6:3: .*cluster\.nodePools\[2\] does not exist \(cluster\.nodePools has 1 element\)$/],
  ['an empty range', 'sweep:\n  nodes: { from: 5, to: 1 }', /^s\.yaml:6:3: sweep\.nodes: empty range: from 5 is above to 1$/],
  ['an empty list', 'sweep:\n  nodes: []', /^s\.yaml:6:3: sweep\.nodes: empty list: give at least one value$/],
  ['a zero step', 'sweep:\n  nodes: { from: 1, to: 5, step: 0 }', /^s\.yaml:6:\d+: sweep\.nodes\.step: must be above 0, got 0$/],
  ['a repeated value', 'sweep:\n  nodes: [1, 2, 1]', /^s\.yaml:6:\d+: sweep\.nodes\[2\]: 1 is listed twice$/],
  ['two keys for one field', 'sweep:\n  nodes: [1]\n  params.nodes: [2]', /^s\.yaml:7:3: sweep\["params\.nodes"\]: sets params\.nodes, which "nodes" already sweeps$/],
  ['the seed', 'sweep:\n  seed: [1, 2]', /sweep\.seed: .*not a declared param/],
  ['metadata', 'sweep:\n  metadata.name: [a]', /sweep\["metadata\.name"\]: metadata cannot be swept/],
  ['a bad replications', 'replications: 0', /^s\.yaml:5:\d+: replications: must be a whole number >= 1/],
];

for (const [name, block, pattern] of invalid) {
  test(`rejected with file, line and field path: ${name}`, () => {
    const problems = problemsOf(block);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0] ?? '', pattern);
  });
}

test('every variant is compiled before a run: an invalid combination names the variant and the sweep key line', async () => {
  const file = writeScenario(withSweep('sweep:\n  nodes: [2, 3]\n  cluster.etcd.members: [3, 4]'));
  await assert.rejects(loadSweep(file), (e: unknown) => {
    assert.ok(e instanceof InputError);
    const text = e.problems.map(formatProblem);
    assert.equal(text.length, 1, text.join('\n'));
    assert.match(text[0] ?? '', /:7:3: sweep\["cluster\.etcd\.members"\]: in sweep variant nodes=2_members=4 \(and 1 more\): cluster\.etcd\.members: .*1, 3, 5 or 7/);
    return true;
  });
});

test('a valid sweep loads with its runs in expansion order and an identity that changes with the file', async () => {
  const block = 'sweep:\n  nodes: [2, 3]\nreplications: 2';
  const a = await loadSweep(writeScenario(withSweep(block)));
  assert.deepEqual(a.runs.map((r) => r.dir), ['runs/nodes=2/seed-1', 'runs/nodes=2/seed-2', 'runs/nodes=3/seed-1', 'runs/nodes=3/seed-2']);
  const b = await loadSweep(writeScenario(withSweep(block)));
  assert.equal(a.identity, b.identity);
  const c = await loadSweep(writeScenario(withSweep(block).replace('count: 5', 'count: 6')));
  assert.notEqual(a.identity, c.identity);
  const d = await loadSweep(writeScenario(withSweep(block)), { sets: ['cluster.apiserver.replicas=2'] });
  assert.notEqual(a.identity, d.identity);
});
