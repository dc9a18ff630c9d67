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

/** The quickstart has its own test with bands; every other shipped scenario runs at its default size here. */
for (const file of yamlFiles(root).sort()) {
  const name = file.slice(root.length);
  test(`shipped scenario ${name} validates${name === 'quickstart.yaml' ? '' : ' and runs to completion without warnings'}`, async () => {
    const spec = await loadScenario(file);
    assert.ok(spec.workload.length > 0);
    if (name === 'quickstart.yaml') return;
    const result = runScenario(spec);
    assert.equal(result.completed, true, `${name} did not complete`);
    assert.deepEqual(result.warnings, []);
    assert.ok(result.pods.some((p) => p.scheduled !== undefined), 'some pod was scheduled');
  });
}
