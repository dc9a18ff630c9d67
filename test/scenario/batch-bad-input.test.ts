import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { formatPath, type InputProblem } from '../../src/scenario/input-error.js';
import { loadProblems, onlyProblem, writeWithManifests } from './fixtures.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** A valid Job; line numbers below are relied on. */
const manifests = `apiVersion: batch/v1
kind: Job
metadata: { name: work }
spec:
  completions: 10
  parallelism: 3
  backoffLimit: 4
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: work
          image: busybox
          behavior: { exitAfter: 30s, failureProbability: 0.1 }
`;

const scenario = `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: batch-bad }
cluster:
  nodePools:
    - { name: w, count: 1, capacity: { cpu: "8", memory: 32Gi, pods: 110 } }
workload:
  - opcode: apply
    file: manifests.yaml
  - { opcode: waitForJob, resource: job/work }
`;

/** The scenario with its manifests.yaml beside it. */
const write = (manifestText: string, scenarioText = scenario): string => writeWithManifests(manifestText, scenarioText);

const only = onlyProblem;

const where = (p: InputProblem): [string, number, string] => [p.file, p.line, formatPath(p.path)];

test('the valid Job compiles with the apiserver defaults', async () => {
  const spec = await loadScenario(write(manifests));
  assert.equal(spec.workload.length, 2);
  assert.deepEqual(await loadProblems(write(manifests.replace('  completions: 10\n  parallelism: 3\n', ''))), []);
});

test('a negative parallelism', async () => {
  const p = await only(write(manifests.replace('parallelism: 3', 'parallelism: -1')));
  assert.deepEqual([...where(p), p.message], ['manifests.yaml', 6, 'spec.parallelism', 'must be greater than or equal to 0']);
});

test('a negative backoffLimit and completions', async () => {
  const problems = await loadProblems(write(manifests.replace('backoffLimit: 4', 'backoffLimit: -2').replace('completions: 10', 'completions: -3')));
  assert.deepEqual(problems.map((p) => [p.line, formatPath(p.path), p.message]), [
    [5, 'spec.completions', 'must be greater than or equal to 0'],
    [7, 'spec.backoffLimit', 'must be greater than or equal to 0'],
  ]);
});

test('restartPolicy Always (or unset) is not allowed for a Job', async () => {
  const p = await only(write(manifests.replace('restartPolicy: Never', 'restartPolicy: Always')));
  assert.deepEqual(where(p), ['manifests.yaml', 10, 'spec.template.spec.restartPolicy']);
  assert.equal(p.message, 'Required value: valid values: "OnFailure", "Never"');
  const unset = await only(write(manifests.replace('      restartPolicy: Never\n', '')));
  assert.equal(formatPath(unset.path), 'spec.template.spec.restartPolicy');
});

test('an unknown field is an error at its path', async () => {
  const p = await only(write(manifests.replace('  backoffLimit: 4\n', '  backoffLimit: 4\n  retries: 3\n')));
  assert.deepEqual([...where(p), p.message], ['manifests.yaml', 8, 'spec.retries', 'unknown field']);
});

test('Indexed without completions', async () => {
  const p = await only(write(manifests.replace('  completions: 10\n', '  completionMode: Indexed\n')));
  assert.deepEqual([formatPath(p.path), p.message], ['spec.completions', 'Required value: when completion mode is Indexed']);
});

test('a successPolicy needs Indexed, and its rules valid indexes within completions', async () => {
  const policy = '  successPolicy: { rules: [{ succeededIndexes: "0-2" }] }\n';
  const p = await only(write(manifests.replace('  backoffLimit: 4\n', `  backoffLimit: 4\n${policy}`)));
  assert.deepEqual([p.line, formatPath(p.path), p.message], [8, 'spec.successPolicy', 'Invalid value: requires indexed completion mode']);
  const indexed = (rule: string): string => manifests.replace('  backoffLimit: 4\n', `  backoffLimit: 4\n  completionMode: Indexed\n  successPolicy: { rules: [${rule}] }\n`);
  assert.deepEqual(await loadProblems(write(indexed('{ succeededIndexes: "0-2", succeededCount: 2 }'))), []);
  const tooLarge = await only(write(indexed('{ succeededIndexes: "3,12" }')));
  assert.deepEqual([formatPath(tooLarge.path), tooLarge.message], ['spec.successPolicy.rules[0].succeededIndexes', 'Invalid value: "3,12": error parsing succeededIndexes: too large index: "12"']);
  const count = await only(write(indexed('{ succeededCount: 11 }')));
  assert.equal(count.message, 'Invalid value: 11: must be less than or equal to 10 (the number of specified completions)');
});

test('a selector without manualSelector: the apiserver generates it', async () => {
  const p = await only(write(manifests.replace('  backoffLimit: 4\n', '  backoffLimit: 4\n  selector: { matchLabels: { app: work } }\n')));
  assert.equal(formatPath(p.path), 'spec.selector');
  assert.match(p.message, /`selector` not auto-generated/);
});

test('a podFailurePolicy: restartPolicy Never only, and exit code rules as the apiserver checks them', async () => {
  const withPolicy = (rule: string): string => manifests.replace('  backoffLimit: 4\n', `  backoffLimit: 4\n  podFailurePolicy:\n    rules:\n      - ${rule}\n`);
  assert.deepEqual(await loadProblems(write(withPolicy('{ action: FailJob, onExitCodes: { containerName: work, operator: In, values: [3, 42] } }'))), []);
  const onFailure = await only(write(withPolicy('{ action: FailJob, onExitCodes: { operator: In, values: [42] } }').replace('restartPolicy: Never', 'restartPolicy: OnFailure')));
  assert.deepEqual([formatPath(onFailure.path), onFailure.message], ['spec.template.spec.restartPolicy', 'Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified']);
  const zero = await only(write(withPolicy('{ action: Ignore, onExitCodes: { operator: In, values: [0] } }')));
  assert.deepEqual([zero.line, formatPath(zero.path), zero.message], [10, 'spec.podFailurePolicy.rules[0].onExitCodes.values[0]', 'Invalid value: 0: must not be 0 for the In operator']);
  const unordered = await only(write(withPolicy('{ action: Count, onExitCodes: { operator: NotIn, values: [5, 2] } }')));
  assert.equal(unordered.message, 'Invalid value: [5,2]: must be ordered');
  const container = await only(write(withPolicy('{ action: FailJob, onExitCodes: { containerName: main, operator: In, values: [1] } }')));
  assert.deepEqual([formatPath(container.path), container.message], ['spec.podFailurePolicy.rules[0].onExitCodes.containerName', 'Invalid value: "main": must be one of the container or initContainer names in the pod template']);
  const neither = await only(write(withPolicy('{ action: FailJob }')));
  assert.deepEqual([formatPath(neither.path), neither.message], ['spec.podFailurePolicy.rules[0]', 'Invalid value: specifying one of OnExitCodes and OnPodConditions is required']);
  const replacement = await only(write(withPolicy('{ action: Ignore, onPodConditions: [{ type: DisruptionTarget }] }').replace('  backoffLimit: 4\n', '  backoffLimit: 4\n  podReplacementPolicy: TerminatingOrFailed\n')));
  assert.deepEqual([formatPath(replacement.path), replacement.message], ['spec.podReplacementPolicy', 'Unsupported value: "TerminatingOrFailed": supported values: "Failed"']);
});

test('a batch version the server does not serve', async () => {
  const p = await only(write(manifests.replace('apiVersion: batch/v1', 'apiVersion: batch/v1beta1')));
  assert.deepEqual(where(p), ['manifests.yaml', 1, 'apiVersion']);
  assert.match(p.message, /no matches for kind "Job" in version "batch\/v1beta1"/);
});

test('the container behavior: failureProbability must be a fraction and needs exitAfter', async () => {
  const over = await only(write(manifests.replace('failureProbability: 0.1', 'failureProbability: 1.5')));
  assert.deepEqual([over.line, formatPath(over.path)], [14, 'spec.template.spec.containers[0].behavior.failureProbability']);
  assert.match(over.message, /must be between 0 and 1/);
  const alone = await only(write(manifests.replace('exitAfter: 30s, ', '')));
  assert.deepEqual([formatPath(alone.path), alone.message], ['spec.template.spec.containers[0].behavior.failureProbability', 'needs exitAfter (a run fails when it exits)']);
});

test('waitForJob takes only jobs; scale does not take them', async () => {
  const p = await only(write(manifests, scenario.replace('job/work', 'deployment/work')));
  assert.deepEqual([p.line, formatPath(p.path)], [10, 'workload[1].resource']);
  assert.match(p.message, /only jobs are supported here/);
  const s = await only(write(manifests, scenario.replace('{ opcode: waitForJob, resource: job/work }', '{ opcode: scale, resource: job/work, replicas: 3 }')));
  assert.match(s.message, /only deployments, replicasets and statefulsets are supported here/);
});

test('bad batch input exits with status 2 and prints file:line:column: path: message', () => {
  const r = spawnSync(process.execPath, [main, 'validate', write(manifests.replace('parallelism: 3', 'parallelism: -1'))], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /manifests\.yaml:6:\d+: spec\.parallelism: must be greater than or equal to 0/);
});
