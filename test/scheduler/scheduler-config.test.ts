import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { formatPath, InputError, type InputProblem } from '../../src/scenario/input-error.js';
import { tinyScenario, writeScenario } from '../scenario/fixtures.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** tinyScenario with a `scheduler:` block inserted under `cluster:` (2-space indented YAML, lines from line 6 on). */
function withScheduler(block: string): string {
  const indented = block.split('\n').map((l) => `    ${l}`).join('\n');
  return tinyScenario.replace('cluster:\n', `cluster:\n  scheduler:\n${indented}\n`);
}

async function problems(text: string, file = writeScenario(text)): Promise<readonly InputProblem[]> {
  try {
    await loadScenario(file);
    return [];
  } catch (e) {
    if (e instanceof InputError) return e.problems;
    throw e;
  }
}

const cases: [string, string, string, RegExp][] = [
  ['unknown plugin', 'profiles:\n  - plugins: { score: { enabled: [{ name: NodeResourcesFitt }] } }', 'cluster.scheduler.profiles[0].plugins.score.enabled[0].name', /unknown plugin "NodeResourcesFitt" \(known: PrioritySort/],
  ['weight 0', 'profiles:\n  - plugins: { score: { enabled: [{ name: ImageLocality, weight: 0 }] } }', 'cluster.scheduler.profiles[0].plugins.score.enabled[0].weight', /must be an integer from 1 to 100, got 0/],
  ['negative weight', 'profiles:\n  - plugins: { multiPoint: { enabled: [{ name: TaintToleration, weight: -3 }] } }', 'cluster.scheduler.profiles[0].plugins.multiPoint.enabled[0].weight', /got -3/],
  ['plugin at a point it does not implement', 'profiles:\n  - plugins: { score: { enabled: [{ name: NodePorts }] } }', 'cluster.scheduler.profiles[0].plugins.score.enabled[0].name', /"NodePorts" does not implement the score extension point/],
  ['percentageOfNodesToScore above 100', 'percentageOfNodesToScore: 101', 'cluster.scheduler.percentageOfNodesToScore', /between 0 and 100, got 101/],
  ['profile percentageOfNodesToScore below 0', 'profiles:\n  - percentageOfNodesToScore: -1', 'cluster.scheduler.profiles[0].percentageOfNodesToScore', /between 0 and 100, got -1/],
  ['bad plugin args', 'profiles:\n  - pluginConfig: [{ name: NodeResourcesFit, args: { scoringStrategy: { type: Cheapest } } }]', 'cluster.scheduler.profiles[0].pluginConfig[0].args.scoringStrategy.type', /LeastAllocated/],
  ['two queueSort plugins', 'profiles:\n  - plugins: { queueSort: { enabled: [{ name: PrioritySort }, { name: SchedulingGates }] } }', 'cluster.scheduler.profiles[0].plugins.queueSort.enabled[1].name', /does not implement the queueSort extension point/],
  ['missing out-of-tree plugin file', 'outOfTreePlugins: [{ path: ./no-such-plugin.mjs }]', 'cluster.scheduler.outOfTreePlugins[0].path', /plugin module not found: .*no-such-plugin\.mjs/],
];

for (const [name, block, path, message] of cases) {
  test(`scheduler configuration: ${name} is one located error`, async () => {
    const found = await problems(withScheduler(block));
    assert.equal(found.length, 1, found.map((p) => `${formatPath(p.path)}: ${p.message}`).join('\n'));
    assert.equal(formatPath(found[0]?.path ?? []), path);
    assert.match(found[0]?.message ?? '', message);
    assert.ok((found[0]?.line ?? 0) >= 6, 'located on a line of the scheduler block');
  });
}

test('an out-of-tree module without a plugin export is an error, exit status 2', () => {
  const file = writeScenario(withScheduler('outOfTreePlugins: [{ path: ./empty.mjs }]'));
  writeFileSync(join(dirname(file), 'empty.mjs'), 'export const notAPlugin = 1;\n');
  const r = spawnSync(process.execPath, [main, 'validate', file], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /outOfTreePlugins\[0\]\.path: .*empty\.mjs does not export a plugin/);
});

test('the default profile is upstream\'s: plugin order and score weights', async () => {
  const spec = await loadScenario(writeScenario(tinyScenario));
  const profile = spec.cluster.scheduler.profiles[0];
  assert.deepEqual(profile?.points.score.map((p) => [p.name, p.weight]), [
    ['TaintToleration', 3], ['NodeAffinity', 2], ['NodeResourcesFit', 1], ['PodTopologySpread', 2], ['InterPodAffinity', 2], ['NodeResourcesBalancedAllocation', 1], ['ImageLocality', 1],
  ]);
  assert.deepEqual(profile?.points.filter.map((p) => p.name), ['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'PodTopologySpread', 'InterPodAffinity', 'DynamicResources']);
  assert.deepEqual(profile?.points.queueSort.map((p) => p.name), ['PrioritySort']);
  assert.deepEqual(profile?.points.postFilter.map((p) => p.name), ['DefaultPreemption']);
  assert.equal(spec.cluster.scheduler.parallelism, 16);
});

test('plugins merge as upstream: per-point disable, `*`, weight override, extra plugins appended', async () => {
  const spec = await loadScenario(writeScenario(withScheduler([
    'profiles:',
    '  - schedulerName: packer',
    '    plugins:',
    '      score:',
    "        disabled: [{ name: '*' }]",
    '        enabled: [{ name: NodeResourcesFit, weight: 5 }]',
    '    pluginConfig: [{ name: NodeResourcesFit, args: { scoringStrategy: { type: MostAllocated } } }]',
  ].join('\n'))));
  const profile = spec.cluster.scheduler.profiles[0];
  assert.equal(profile?.schedulerName, 'packer');
  assert.deepEqual(profile?.points.score.map((p) => [p.name, p.weight]), [['NodeResourcesFit', 5]]);
  assert.ok(profile?.points.filter.some((p) => p.name === 'NodeResourcesFit'));
});
