/** Small scenario texts shared by the scenario and CLI tests. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { InputError, formatProblem, type InputProblem } from '../../src/scenario/input-error.js';

/** A valid scenario of 3 nodes and 5 pods; line numbers below are relied on by tests. */
export const tinyScenario = `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: tiny }
params: { nodes: 3 }
cluster:
  nodePools:
    - name: w
      count: nodes
      capacity: { cpu: "4", memory: 8Gi, pods: 110 }
workload:
  - opcode: createPods
    count: 5
    podTemplate:
      spec:
        containers:
          - name: c
            image: pause
            resources: { requests: { cpu: 100m } }
  - opcode: barrier
    for: Running
`;

/** Writes `text` to a new temporary directory as `name` and returns its path. */
export function writeScenario(text: string, name = 'scenario.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-test-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** `tinyScenario` with one line replaced (1-based). */
export function withLine(line: number, text: string): string {
  const lines = tinyScenario.split('\n');
  lines[line - 1] = text;
  return lines.join('\n');
}

/** The problems loading scenario `file` (with `sets`) reports as an InputError; none when it loads. */
export async function loadProblems(file: string, sets: readonly string[] = []): Promise<readonly InputProblem[]> {
  try {
    await loadScenario(file, { sets: [...sets] });
  } catch (e) {
    if (e instanceof InputError) return e.problems;
    throw e;
  }
  return [];
}

/** Writes `manifestText` as manifests.yaml beside `scenarioText` (scenario.yaml) in a new temporary directory; returns the scenario's path. */
export function writeWithManifests(manifestText: string, scenarioText: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-test-'));
  writeFileSync(join(dir, 'manifests.yaml'), manifestText);
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, scenarioText);
  return file;
}

/** The one problem loading `file` reports; fails the test when there are none or several. */
export async function onlyProblem(file: string): Promise<InputProblem> {
  const problems = await loadProblems(file);
  assert.equal(problems.length, 1, problems.map(formatProblem).join('\n'));
  return problems[0] as InputProblem;
}
