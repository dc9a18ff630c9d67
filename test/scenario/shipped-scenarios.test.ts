import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { runScenario } from '../../src/scenario/runner.js';

const root = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : [],
  );
}

/** Scenarios whose default size takes minutes run smaller here (their own tests and bench/ run them in full). */
const smaller: Readonly<Record<string, readonly string[]>> = {
  'capacity-5k.yaml': ['nodes=200', 'podsPerNode=5', 'churn=100'],
  'etcd-disks.yaml': ['hours=0.25'],
  'apiserver-overload.yaml': ['nodes=100', 'minutes=6'],
  'validation/etcd-benchmark.yaml': ['scale=0.1'],
  'stargz-rollout.yaml': ['rolloutNodes=100'],
  'planning/control-plane-5k.yaml': ['nodes=300', 'churn=20', 'minutes=0.5', 'listers=2'],
  'planning/design-10k.yaml': ['nodes=300', 'replicas=3', 'churn=20', 'minutes=0.5', 'listers=1'],
  'openb/openb-timed.yaml': ['days=0.25'],
  'openb/openb-cpu050.yaml': ['load=0.6'],
  'openb/openb-gpushare40.yaml': ['load=0.6'],
  'openb/openb-gpuspec33.yaml': ['load=0.6'],
  'openb/openb-multigpu50.yaml': ['load=0.6'],
  'rollouts/rollout-grid-1000.yaml': ['replicas=100'],
};

/** The quickstart has its own test with bands; every other shipped scenario runs at its default size here. */
for (const file of yamlFiles(root).sort()) {
  const name = file.slice(root.length);
  test(`shipped scenario ${name} validates${name === 'quickstart.yaml' ? '' : ' and runs to completion without warnings'}`, async () => {
    const spec = await loadScenario(file, { sets: smaller[name] ?? [] });
    assert.ok(spec.workload.length > 0);
    if (name === 'quickstart.yaml') return;
    const result = runScenario(spec);
    assert.equal(result.completed, true, `${name} did not complete`);
    assert.deepEqual(result.warnings, []);
    if (spec.workload.some((op) => op.opcode === 'createPods')) assert.ok(result.pods.some((p) => p.scheduled !== undefined), 'some pod was scheduled');
  });
}
