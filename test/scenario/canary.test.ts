import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { rolloutRow } from '../../src/cli/rollout-columns.js';
import { formatProblem } from '../../src/scenario/input-error.js';
import { runScenario, type RunResult } from '../../src/scenario/runner.js';
import { loadProblems, writeScenario } from './fixtures.js';

const file = fileURLToPath(new URL('../../../scenarios/rollouts/canary.yaml', import.meta.url));

/** The sampled values of `series` by time (s). */
function series(r: RunResult, name: string): [number, number][] {
  return r.points.filter((p) => p.series === `${name}{service="web"}`).map((p) => [p.time / 1e6, p.value]);
}

test('canary start: 10 % of 20 replicas run the new image, the Service keeps 20 ready pods, the canary gets 10 % of them', async () => {
  for (const seed of [1, 2]) {
    const r = runScenario(await loadScenario(file, { seed }));
    assert.deepEqual(r.warnings, []);
    const share = series(r, 'kubesim_canary_traffic_share');
    const canary = new Map(series(r, 'kubesim_canary_ready_pods'));
    const stable = new Map(series(r, 'kubesim_stable_ready_pods'));
    // During the 10 minutes of watching: 2 canary + 18 stable.
    const watching = share.filter(([t]) => t > 100 && t < 600);
    assert.ok(watching.length > 400);
    for (const [t, v] of watching) {
      assert.equal(v, 0.1, `share at ${t} s`);
      assert.equal(canary.get(t), 2);
      assert.equal(stable.get(t), 18);
    }
    // Starting the canary never costs a ready pod: the stable Deployment shrinks once the canary is available.
    const start = share.find(([, v]) => v > 0)?.[0] ?? 0;
    for (const [t] of share.filter(([t]) => t < start + 30)) assert.ok((canary.get(t) ?? 0) + (stable.get(t) ?? 0) >= 20, `ready at ${t} s`);
    // Promoted: web rolls to the canary's image (one rollout) and the canary is gone.
    const row = rolloutRow(r);
    assert.equal(row.rollouts_complete, 1);
    assert.equal(share.at(-1)?.[1], 0);
    assert.equal(stable.get(share.at(-1)?.[0] ?? 0), 20);
  }
});

test('canary abort: the stable Deployment takes its replicas back without a rollout', async () => {
  const r = runScenario(await loadScenario(file, { sets: ['workload[3].action="abort"'] }));
  const share = series(r, 'kubesim_canary_traffic_share');
  const stable = new Map(series(r, 'kubesim_stable_ready_pods'));
  assert.equal(rolloutRow(r).rollouts_complete, 0);
  assert.equal(share.at(-1)?.[1], 0);
  assert.equal(stable.get(share.at(-1)?.[0] ?? 0), 20);
});

const scenario = (op: string): string => `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: canary-bad }
cluster: { nodePools: [{ name: w, count: 1, capacity: { cpu: "4", memory: 8Gi, pods: 110 } }] }
workload:
  - ${op}
`;

const bad: [string, string, RegExp][] = [
  ['start without images', '{ opcode: canary, resource: deployment/web, action: start }', /:6:5: workload\[0\]\.images: required to start a canary/],
  ['a weight of 0', '{ opcode: canary, resource: deployment/web, action: start, images: { web: v2 }, weight: 0 }', /workload\[0\]\.weight: must be above 0/],
  ['a weight over 100 %', '{ opcode: canary, resource: deployment/web, action: start, images: { web: v2 }, weight: 150% }', /workload\[0\]\.weight: must not be greater than 100%/],
  ['images on promote', '{ opcode: canary, resource: deployment/web, action: promote, images: { web: v2 } }', /workload\[0\]\.images: only start takes it/],
  ['a StatefulSet', '{ opcode: canary, resource: statefulset/db, action: abort }', /workload\[0\]\.resource: only deployments are supported here/],
  ['an unknown action', '{ opcode: canary, resource: deployment/web, action: pause }', /workload\[0\]\.action: /],
];

for (const [name, op, pattern] of bad) {
  test(`canary with ${name} is a located error`, async () => {
    const problems = (await loadProblems(writeScenario(scenario(op)))).map(formatProblem);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0] ?? '', pattern);
  });
}
