import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tinyScenario, withLine, writeScenario } from '../scenario/fixtures.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

function kubesim(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const badInputs: [string, string, RegExp][] = [
  ['malformed YAML', withLine(3, 'metadata: { name: tiny'), /:[34]:\d+: malformed YAML: Flow map/],
  ['unknown field', withLine(8, '      colour: red\n      count: nodes'), /:8:7: cluster\.nodePools\[0\]\.colour: unknown field/],
  ['wrong type', withLine(12, '    count: [5]'), /:12:\d+: workload\[0\]\.count: must be a number or an expression string/],
  ['negative count', withLine(12, '    count: -5'), /:12:\d+: workload\[0\]\.count: must be >= 0/],
  ['unknown op', withLine(11, '  - opcode: createPod'), /:11:\d+: workload\[0\]\.opcode: unknown opcode/],
  ['bad quantity', withLine(9, '      capacity: { cpu: 5Qi, memory: 8Gi, pods: 110 }'), /:9:\d+: cluster\.nodePools\[0\]\.capacity\.cpu: .*invalid quantity "5Qi"/],
  ['bad expression', withLine(12, '    count: "nodes *"'), /:12:\d+: workload\[0\]\.count: /],
  ['expression reaching outside its scope', withLine(12, '    count: "import({}, {})"'), /:12:\d+: workload\[0\]\.count: /],
];

for (const [name, text, pattern] of badInputs) {
  test(`bad input (${name}): one located error, exit 2, earlier results intact`, () => {
    const file = writeScenario(text);
    const out = join(dirname(file), 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'summary.json'), 'earlier\n');
    const r = kubesim('run', file, '--out', out, '--quiet');
    assert.equal(r.status, 2, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.ok(lines[0]?.startsWith(file), r.stderr);
    assert.match(r.stderr, pattern);
    assert.equal(readFileSync(join(out, 'summary.json'), 'utf8'), 'earlier\n');
    assert.equal(kubesim('validate', file).status, 2);
  });
}

test('a missing file is bad input too', () => {
  const r = kubesim('validate', '/nonexistent/scenario.yaml');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /cannot read file/);
});

test('validate accepts a good scenario and run writes the four result files', () => {
  const file = writeScenario(tinyScenario);
  assert.equal(kubesim('validate', file).status, 0);
  const out = join(dirname(file), 'run');
  const r = kubesim('run', file, '--out', out, '--quiet');
  assert.equal(r.status, 0, r.stderr);
  for (const f of ['summary.json', 'timeseries.csv', 'pods.csv', 'metrics.prom']) assert.ok(existsSync(join(out, f)), f);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { completed: boolean; events: number };
  assert.equal(summary.completed, true);
  assert.ok(summary.events > 0);
});

test('--help works for each command and unknown options exit 2', () => {
  assert.equal(kubesim('--help').status, 0);
  assert.match(kubesim('run', '--help').stdout, /--set <path=value>/);
  assert.equal(kubesim('run', 'x.yaml', '--bogus').status, 2);
});
