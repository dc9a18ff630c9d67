import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { loadProblems } from './fixtures.js';
import { formatPath, type InputProblem } from '../../src/scenario/input-error.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kubesim-dra-'));

/** Manifests of a valid DRA setup; line numbers below are relied on. */
const manifests = `apiVersion: resource.k8s.io/v1
kind: DeviceClass
metadata: { name: gpu }
spec:
  selectors:
    - cel: { expression: 'device.driver == "gpu.nvidia.com"' }
---
apiVersion: resource.k8s.io/v1
kind: ResourceClaimTemplate
metadata: { name: one-gpu }
spec:
  spec:
    devices:
      requests:
        - name: gpu
          exactly: { deviceClassName: gpu, capacity: { requests: { shares: "2" } } }
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: later }
spec: { schedule: "*/5 * * * *" }
---
apiVersion: v1
kind: Pod
metadata: { name: direct, annotations: { kubesim.io/gpu-demand: "0.5" } }
spec:
  resourceClaims: [{ name: gpu, resourceClaimTemplateName: one-gpu }]
  containers: [{ name: c, image: pause, resources: { claims: [{ name: gpu }] } }]
`;

/** A scenario applying `manifests.yaml` and creating pods claiming `template`. */
function scenario(template = 'one-gpu', extraOps = ''): string {
  return `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: dra-bad }
cluster:
  nodePools:
    - { name: g, count: 0, capacity: { cpu: "8", memory: 32Gi, pods: 110 } }
workload:
  - opcode: createNodes
    pool: g
    count: 1
    devices: { count: 2, model: A100, memory: 40Gi, sharing: { strategy: Shares, shares: 8, perAllocation: 2 } }
  - opcode: apply
    file: manifests.yaml
${extraOps}  - opcode: createPods
    count: 2
    podTemplate:
      spec:
        resourceClaims: [{ name: gpu, resourceClaimTemplateName: ${template} }]
        containers: [{ name: c, image: pause, resources: { claims: [{ name: gpu }] } }]
  - opcode: barrier
    for: Running
`;
}

let written = 0;
function write(scenarioText: string, manifestText = manifests): string {
  const sub = mkdtempSync(join(dir, `case-${++written}-`));
  writeFileSync(join(sub, 'manifests.yaml'), manifestText);
  const file = join(sub, 'scenario.yaml');
  writeFileSync(file, scenarioText);
  return file;
}

const problemsOf = loadProblems;

function only(problems: readonly InputProblem[]): InputProblem {
  assert.equal(problems.length, 1, problems.map((p) => `${p.file}:${p.line} ${formatPath(p.path)}: ${p.message}`).join('\n'));
  return problems[0] as InputProblem;
}

test('the valid DRA setup compiles, runs (a Pod manifest too), and lists the kind it does not model once', async () => {
  const { runScenario } = await import('../../src/scenario/runner.js');
  const r = runScenario(await loadScenario(write(scenario())));
  assert.equal(r.completed, true);
  assert.equal(r.pods.filter((p) => p.observedRunning !== undefined).length, 3);
  assert.ok(r.pods.some((p) => p.name === 'direct'));
  assert.deepEqual(r.warnings.map((w) => w.replace(/^t=[\d.]+s: /, '')), ['apply workload[1]: kinds not modelled yet, ignored: batch/v1 CronJob (1)']);
});

test('a CEL selector that does not compile: manifest file, line and field path', async () => {
  const p = only(await problemsOf(write(scenario(), manifests.replace('device.driver == "gpu.nvidia.com"', 'device.driver == '))));
  assert.equal(p.file, 'manifests.yaml');
  assert.equal(p.line, 6);
  assert.equal(formatPath(p.path), 'spec.selectors[0].cel.expression');
  assert.match(p.message, /CEL compile error/);
  const q = only(await problemsOf(write(scenario(), manifests.replace('device.driver == "gpu.nvidia.com"', 'dev.driver == "x"'))));
  assert.match(q.message, /undeclared reference to 'dev'/);
});

test('a claim naming a DeviceClass nobody creates', async () => {
  const p = only(await problemsOf(write(scenario(), manifests.replace('deviceClassName: gpu,', 'deviceClassName: tpu,'))));
  assert.equal(p.file, 'manifests.yaml');
  assert.equal(p.line, 16);
  assert.equal(formatPath(p.path), 'spec.spec.devices.requests[0].exactly.deviceClassName');
  assert.match(p.message, /DeviceClass "tpu" is not created by any apply op/);
});

test('a pod referencing a missing template or claim', async () => {
  const file = write(scenario('two-gpus'));
  const p = only(await problemsOf(file));
  assert.equal(p.file, file);
  assert.equal(p.line, 18);
  assert.equal(formatPath(p.path), 'workload[2].podTemplate.spec.resourceClaims[0].resourceClaimTemplateName');
  assert.match(p.message, /ResourceClaimTemplate "default\/two-gpus" is not created/);
  const inline = `  - opcode: apply
    objects:
      - apiVersion: v1
        kind: Pod
        metadata: { name: direct }
        spec:
          resourceClaims: [{ name: gpu, resourceClaimName: shared-gpu }]
          containers: [{ name: c, image: pause }]
`;
  const q = only(await problemsOf(write(scenario('one-gpu', inline))));
  assert.equal(q.line, 20);
  assert.equal(formatPath(q.path), 'workload[2].objects[0].spec.resourceClaims[0].resourceClaimName');
  assert.match(q.message, /ResourceClaim "default\/shared-gpu" is not created/);
});

test('unknown fields and malformed quantities in manifests', async () => {
  const unknown = only(await problemsOf(write(scenario(), manifests.replace('      requests:\n', '      requests:\n        - name: extra\n          exactly: { deviceClassName: gpu, countt: 2 }\n'))));
  assert.equal(unknown.line, 16);
  assert.equal(formatPath(unknown.path), 'spec.spec.devices.requests[0].exactly.countt');
  assert.equal(unknown.message, 'unknown field');
  const quantity = only(await problemsOf(write(scenario(), manifests.replace('shares: "2"', 'shares: "2 shares"'))));
  assert.equal(quantity.line, 16);
  assert.equal(formatPath(quantity.path), 'spec.spec.devices.requests[0].exactly.capacity.requests.shares');
  assert.match(quantity.message, /invalid quantity "2 shares"/);
  const memory = only(await problemsOf(write(scenario().replace('memory: 40Gi,', 'memory: 40GiB,'))));
  assert.equal(memory.line, 11);
  assert.equal(formatPath(memory.path), 'workload[0].devices.memory');
});

test('bad DRA input exits with status 2 and prints file:line: path: message', () => {
  const file = write(scenario(), manifests.replace('device.driver == "gpu.nvidia.com"', 'device.driver =='));
  const r = spawnSync(process.execPath, [main, 'validate', file], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /manifests\.yaml:6:\d+: document 1 \(DeviceClass "gpu"\): spec\.selectors\[0\]\.cel\.expression: CEL compile error/);
});
