import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { formatPath, InputError, type InputProblem } from '../../src/scenario/input-error.js';
import { tinyScenario, withLine, writeScenario } from './fixtures.js';

async function problemsOf(text: string, sets: string[] = []): Promise<{ file: string; problems: readonly InputProblem[] }> {
  const file = writeScenario(text);
  try {
    await loadScenario(file, { sets });
  } catch (e) {
    if (e instanceof InputError) return { file, problems: e.problems };
    throw e;
  }
  return { file, problems: [] };
}

/** Asserts exactly one problem, at `line`, on `path`, with a message matching `message`. */
async function expectOne(text: string, line: number, path: string, message: RegExp): Promise<void> {
  const { file, problems } = await problemsOf(text);
  assert.equal(problems.length, 1, `expected one problem, got: ${problems.map((p) => p.message).join(' | ')}`);
  const p = problems[0] as InputProblem;
  assert.equal(p.file, file);
  assert.equal(p.line, line);
  assert.equal(formatPath(p.path), path);
  assert.match(p.message, message);
}

test('the tiny scenario is valid', async () => {
  assert.deepEqual((await problemsOf(tinyScenario)).problems, []);
});

test('malformed YAML names the line', async () => {
  const { problems } = await problemsOf(withLine(3, 'metadata: { name: tiny'));
  assert.ok(problems.length >= 1);
  assert.match(problems[0]?.message ?? '', /malformed YAML/);
  assert.ok((problems[0]?.line ?? 0) >= 3);
});

test('unknown field', async () => {
  await expectOne(withLine(8, '      colour: red\n      count: nodes'), 8, 'cluster.nodePools[0].colour', /unknown field/);
});

test('wrong type', async () => {
  await expectOne(withLine(12, '    count: [5]'), 12, 'workload[0].count', /must be a number or an expression string/);
});

test('negative count, also when computed from params', async () => {
  await expectOne(withLine(12, '    count: -5'), 12, 'workload[0].count', /must be >= 0/);
  await expectOne(withLine(8, '      count: nodes - 10'), 8, 'cluster.nodePools[0].count', /must be >= 0, got -7/);
});

test('unknown opcode lists the known ones', async () => {
  await expectOne(withLine(11, '  - opcode: createPod'), 11, 'workload[0].opcode', /unknown opcode "createPod" \(known: createNodes, createPods/);
});

test('bad quantity', async () => {
  await expectOne(withLine(9, '      capacity: { cpu: 5Qi, memory: 8Gi, pods: 110 }'), 9, 'cluster.nodePools[0].capacity.cpu', /invalid quantity "5Qi"/);
  await expectOne(withLine(18, '            resources: { requests: { cpu: 1.5.5 } }'), 18, 'workload[0].podTemplate.spec.containers[0].resources.requests.cpu', /invalid quantity/);
});

test('bad expression', async () => {
  await expectOne(withLine(12, '    count: "nodes *"'), 12, 'workload[0].count', /nodes \*/);
  await expectOne(withLine(12, '    count: pods * 2'), 12, 'workload[0].count', /unknown name "pods"/);
});

test('expressions cannot reach outside their scope', async () => {
  for (const evil of ['"import({}, {})"', '"evaluate(\\"1+1\\")"', '"f(x) = x"', '"cos.constructor"', '"nodes = 5"']) {
    const { problems } = await problemsOf(withLine(12, `    count: ${evil}`));
    assert.equal(problems.length, 1, evil);
    assert.equal(problems[0]?.line, 12, evil);
    assert.equal(formatPath(problems[0]?.path ?? []), 'workload[0].count', evil);
  }
});

test('a reference to a missing node pool', async () => {
  const text = tinyScenario.replace('  - opcode: barrier', '  - opcode: createNodes\n    count: 2\n    pool: gpu\n  - opcode: barrier');
  await expectOne(text, 21, 'workload[1].pool', /no node pool named "gpu".*declared: w/);
});

test('unknown pod spec field is rejected like kubectl strict decoding; real upstream fields are accepted', async () => {
  await expectOne(withLine(17, '            image: pause\n            imag: pause'), 18, 'workload[0].podTemplate.spec.containers[0].imag', /unknown field/);
  assert.deepEqual((await problemsOf(withLine(17, '            image: pause\n            ports: [{ containerPort: 80 }]'))).problems, []);
});

test('every problem of a file is reported, not just the first', async () => {
  const text = withLine(12, '    count: -1').replace('cpu: "4"', 'cpu: 5Qi');
  assert.equal((await problemsOf(text)).problems.length, 2);
});

test('--set overrides params and fields; problems in set values are attributed to --set', async () => {
  const viaParam = (await problemsOf(tinyScenario, ['nodes=-2'])).problems;
  assert.equal(viaParam.length, 1);
  assert.equal(viaParam[0]?.line, 8);
  assert.match(viaParam[0]?.message ?? '', /must be >= 0, got -2/);
  assert.deepEqual((await problemsOf(tinyScenario, ['nodes=7'])).problems, []);
  const direct = (await problemsOf(tinyScenario, ['workload[0].count=-3'])).problems;
  assert.equal(direct.length, 1);
  assert.equal(direct[0]?.file, '--set workload[0].count');
  assert.equal(formatPath(direct[0]?.path ?? []), 'workload[0].count');
  const bad = (await problemsOf(tinyScenario, ['nodes'])).problems;
  assert.match(bad[0]?.message ?? '', /expected path=value/);
});
