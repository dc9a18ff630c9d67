import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { mergeCommand } from '../../src/cli/merge-command.js';
import { planCommand } from '../../src/cli/plan-command.js';
import { sweepCommand } from '../../src/cli/sweep-command.js';
import { InputError } from '../../src/scenario/input-error.js';
import { writeScenario } from '../scenario/fixtures.js';
import { kubesim, tinySweep, withSweep } from './fixtures.js';

const cliCases: [string, string, string[], RegExp][] = [
  ['a sweep over a path that does not exist', withSweep('sweep:\n  cluster.apiserver.replica: [1, 2]'), [], /^\S+:6:3: sweep\["cluster\.apiserver\.replica"\]: no field cluster\.apiserver\.replica in a scenario \(cluster\.apiserver has no "replica"\)\n$/],
  ['an empty range', withSweep('sweep:\n  nodes: { from: 10, to: 1, step: 1 }'), [], /^\S+:6:3: sweep\.nodes: empty range: from 10 is above to 1\n$/],
  ['a shard index out of range', tinySweep, ['--shard', '3/3'], /^--shard: shard index 3 is out of range: N = 3 shards are numbered 0 to 2\n$/],
  ['an unexpanded shard index', tinySweep, ['--shard', '$(JOB_COMPLETION_INDEX)/3'], /^--shard: expected i\/N/],
];

for (const [name, text, args, pattern] of cliCases) {
  test(`kubesim sweep with ${name}: located error, exit 2, nothing written`, () => {
    const file = writeScenario(text);
    const out = join(dirname(file), 'out');
    const r = kubesim(['sweep', file, '--out', out, ...args]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, pattern);
    assert.ok(r.stderr.startsWith(args.length > 0 ? '--shard' : file), r.stderr);
    assert.equal(existsSync(out), false);
  });
}

test('merging parts of different sweeps: the part, the line of its identity, exit 2', async () => {
  const a = writeScenario(tinySweep);
  const b = writeScenario(tinySweep.replace('replications: 2', 'replications: 3'));
  const partA = join(dirname(a), 'out');
  const partB = join(dirname(b), 'out');
  await sweepCommand(a, { shard: '0/2', out: partA, quiet: true, workers: 1 });
  await sweepCommand(b, { shard: '1/2', out: partB, quiet: true, workers: 1 });
  const mixed = kubesim(['merge', join(partA, 'part-0-of-2'), join(partB, 'part-1-of-2'), '--out', join(dirname(a), 'm')]);
  assert.equal(mixed.status, 2);
  assert.match(mixed.stderr, new RegExp(`^${join(partB, 'part-1-of-2', 'sweep.json')}:5:3: identity: part of a different sweep: tiny [0-9a-f]{16}, but .*part-0-of-2/sweep.json is tiny [0-9a-f]{16}`));
  assert.equal(existsSync(join(dirname(a), 'm')), false);

  assert.throws(() => mergeCommand([partA], { out: join(dirname(a), 'm2'), quiet: true }), (e: unknown) => {
    assert.ok(e instanceof InputError);
    assert.match(e.message, /incomplete: 4 of 8 runs are in no part \(nodes=2_disk=ssd seed 2; /);
    return true;
  });
  rmSync(join(partA, 'part-0-of-2', 'sweep.json'));
  assert.throws(() => mergeCommand([join(partA, 'part-0-of-2')], { quiet: true }), /part-0-of-2: not a sweep part/);
});

test('resuming into the directory of another sweep is refused', async () => {
  const a = writeScenario(tinySweep);
  const out = join(dirname(a), 'out');
  await sweepCommand(a, { out, quiet: true, workers: 2 });
  const b = writeScenario(tinySweep.replace('count: 5', 'count: 6'));
  await assert.rejects(sweepCommand(b, { out, quiet: true }), (e: unknown) => {
    assert.ok(e instanceof InputError);
    assert.match(e.message, new RegExp(`^${join(out, 'sweep.json')}:5:3: identity: ${out} holds another sweep \\(tiny, identity [0-9a-f]+; this one is tiny, [0-9a-f]+\\)`));
    return true;
  });
});

test('kubesim plan: a param that names nothing, no direction, no range end (exit 2 from the CLI)', async () => {
  const file = writeScenario(withSweep(''));
  const r = kubesim(['plan', file, '--param', 'cluster.apiserver.replica', '--minimize', '--to', '5']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^--param: no field cluster\.apiserver\.replica in a scenario/);
  await assert.rejects(planCommand(file, { param: 'nodes', quiet: true }), /--maximize\/--minimize: give --maximize/);
  await assert.rejects(planCommand(file, { param: 'nodes', direction: 'maximize', quiet: true }), /^Error: --to: give --to/);
  await assert.rejects(planCommand(file, { param: 'nodes', direction: 'maximize', from: 5, to: 5, quiet: true }), /--to: must be above --from \(5\), got 5/);
  await assert.rejects(planCommand(file, { param: 'cluster.etcd.members', direction: 'minimize', from: 1, to: 4, quiet: true }), /^Error: --set cluster\.etcd\.members: cluster\.etcd\.members: in sweep variant members=4: must be 1, 3, 5 or 7/);
});
