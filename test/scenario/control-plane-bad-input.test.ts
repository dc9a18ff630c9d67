import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadProblems } from './fixtures.js';
import { formatPath, type InputProblem } from '../../src/scenario/input-error.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kubesim-control-plane-'));

/**
 * A scenario with `cluster` lines (indented by two, each ending in a newline) before the empty
 * node pool list and `workload` lines after `workload:`. The cluster lines start at line 5.
 */
function scenario(cluster: string, workload = '  - opcode: sleep\n    duration: 1s\n'): string {
  return `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: control-plane }
cluster:
${cluster}  nodePools: []
workload:
${workload}`;
}

let written = 0;
function write(text: string): string {
  const file = join(dir, `case-${++written}.yaml`);
  writeFileSync(file, text);
  return file;
}

const problemsOf = loadProblems;

function kubesim(...args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

interface Case {
  readonly name: string;
  readonly text: string;
  readonly line: number;
  readonly path: string;
  readonly message: RegExp;
}

const flowSchemaToMissingLevel = `  apiserver:
    flowSchemas:
      - metadata: { name: mine }
        spec:
          priorityLevelConfiguration: { name: nope }
          matchingPrecedence: 500
          rules:
            - subjects: [{ kind: User, user: { name: alice } }]
              resourceRules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"], namespaces: ["*"] }]
`;

const priorityLevel = (limited: string): string => `  apiserver:
    priorityLevelConfigurations:
      - metadata: { name: mine }
        spec:
          type: Limited
          limited:
${limited}`;

const cases: readonly Case[] = [
  {
    name: 'a FlowSchema naming a missing priority level',
    text: scenario(flowSchemaToMissingLevel),
    line: 9,
    path: 'cluster.apiserver.flowSchemas[0].spec.priorityLevelConfiguration.name',
    message: /priority level "nope" not found/,
  },
  {
    name: 'negative nominalConcurrencyShares',
    text: scenario(priorityLevel('            nominalConcurrencyShares: -1\n            limitResponse: { type: Reject }\n')),
    line: 11,
    path: 'cluster.apiserver.priorityLevelConfigurations[0].spec.limited.nominalConcurrencyShares',
    message: /must be a non-negative integer, got -1/,
  },
  {
    name: 'handSize greater than queues',
    text: scenario(
      priorityLevel(`            nominalConcurrencyShares: 10
            limitResponse:
              type: Queue
              queuing: { queues: 4, handSize: 8, queueLengthLimit: 50 }
`),
    ),
    line: 14,
    path: 'cluster.apiserver.priorityLevelConfigurations[0].spec.limited.limitResponse.queuing.handSize',
    message: /should not be greater than queues \(4\), got 8/,
  },
  {
    name: 'an unknown disk class (the valid ones are listed)',
    text: scenario('  etcd:\n    disk: floppy\n'),
    line: 6,
    path: 'cluster.etcd.disk',
    message: /unknown disk class "floppy": valid classes are nvme, ssd, sata-ssd, hdd/,
  },
  {
    name: 'a quota below the initial database size',
    text: scenario('  etcd:\n    initialDatabaseBytes: 2Gi\n    quota-backend-bytes: 1Gi\n'),
    line: 7,
    path: 'cluster.etcd["quota-backend-bytes"]',
    message: /must exceed initialDatabaseBytes \(2147483648\), got 1073741824: the NOSPACE alarm would be raised at once/,
  },
  {
    name: 'heartbeat-interval equal to election-timeout',
    text: scenario('  etcd:\n    heartbeat-interval: 1000ms\n    election-timeout: 1000ms\n'),
    line: 7,
    path: 'cluster.etcd["election-timeout"]',
    message: /--election-timeout \(1000 ms\) should be at least 5 times --heartbeat-interval \(1000 ms\)/,
  },
  {
    name: 'heartbeat-interval greater than election-timeout',
    text: scenario('  etcd:\n    heartbeat-interval: 2s\n    election-timeout: 1s\n'),
    line: 7,
    path: 'cluster.etcd["election-timeout"]',
    message: /--election-timeout \(1000 ms\) should be at least 5 times --heartbeat-interval \(2000 ms\)/,
  },
  {
    // etcd's embed config Validate refuses an election timeout under 5 heartbeats, not only under one.
    name: 'election-timeout only twice heartbeat-interval',
    text: scenario('  etcd:\n    heartbeat-interval: 500ms\n    election-timeout: 1000ms\n'),
    line: 7,
    path: 'cluster.etcd["election-timeout"]',
    message: /--election-timeout \(1000 ms\) should be at least 5 times --heartbeat-interval \(500 ms\)/,
  },
  {
    name: 'the same timer rule in a named etcd cluster',
    text: scenario('  etcdClusters:\n    - name: events\n      heartbeat-interval: 500ms\n      election-timeout: 1000ms\n'),
    line: 8,
    path: 'cluster.etcdClusters[0]["election-timeout"]',
    message: /should be at least 5 times --heartbeat-interval \(500 ms\)/,
  },
  {
    name: 'an even member count',
    text: scenario('  etcd:\n    members: 4\n'),
    line: 6,
    path: 'cluster.etcd.members',
    message: /must be 1, 3, 5 or 7 .*got 4/,
  },
  {
    name: '--etcd-servers-overrides naming an etcd cluster that does not exist',
    text: scenario('  apiserver:\n    etcd-servers-overrides: ["/events#events"]\n'),
    line: 6,
    path: 'cluster.apiserver["etcd-servers-overrides"][0]',
    message: /etcd cluster "events" not found \(declared: default\)/,
  },
  {
    name: 'a malformed --etcd-servers-overrides entry',
    text: scenario('  apiserver:\n    etcd-servers-overrides: ["events=events"]\n'),
    line: 6,
    path: 'cluster.apiserver["etcd-servers-overrides"][0]',
    message: /expected "group\/resource#cluster" .*got "events=events"/,
  },
  {
    name: 'an unknown field under cluster.apiserver',
    text: scenario('  apiserver:\n    replica: 2\n'),
    line: 6,
    path: 'cluster.apiserver.replica',
    message: /unknown field/,
  },
  {
    name: 'an unknown field under cluster.etcd',
    text: scenario('  etcd:\n    heartbeat: 100ms\n'),
    line: 6,
    path: 'cluster.etcd.heartbeat',
    message: /unknown field/,
  },
  {
    name: 'apiRequests with both rate and clients',
    text: scenario('', '  - opcode: apiRequests\n    verb: list\n    resource: pods\n    rate: 10\n    clients: 5\n    duration: 10s\n'),
    line: 7,
    path: 'workload[0]',
    message: /give exactly one of rate \(open loop\) or clients \(closed loop\)/,
  },
  {
    name: 'etcdPuts naming a missing etcd cluster',
    text: scenario('', '  - opcode: etcdPuts\n    cluster: sata\n    rate: 10\n    duration: 10s\n'),
    line: 8,
    path: 'workload[0].cluster',
    message: /etcd cluster "sata" not found \(declared: default\)/,
  },
  {
    name: 'etcdBenchmarkPut naming a missing etcd cluster',
    text: scenario('', '  - opcode: etcdBenchmarkPut\n    cluster: sata\n    total: 10\n    clients: 1\n'),
    line: 8,
    path: 'workload[0].cluster',
    message: /etcd cluster "sata" not found \(declared: default\)/,
  },
];

const valid = write(scenario('  apiserver:\n    replicas: 1\n  etcd:\n    members: 3\n    disk: ssd\n    quota-backend-bytes: 1Gi\n'));

test('the control-plane base scenario is valid (so each case below fails for its one change)', async () => {
  assert.deepEqual(await problemsOf(valid), []);
  assert.equal(kubesim('validate', valid).status, 0);
});

for (const c of cases) {
  test(`control-plane bad input: ${c.name} → one problem naming file, line, field path and reason`, async () => {
    const file = write(c.text);
    const problems = await problemsOf(file);
    assert.equal(problems.length, 1, `expected one problem, got: ${problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join(' | ')}`);
    const p = problems[0] as InputProblem;
    assert.equal(p.file, file);
    assert.equal(p.line, c.line, `line of ${formatPath(p.path)}: ${p.message}`);
    assert.equal(formatPath(p.path), c.path);
    assert.match(p.message, c.message);
  });
}

/** `5Qi` is not a quantity; the error is reported at the field. */
const badQuantity = write(scenario('  etcd:\n    quota-backend-bytes: 5Qi\n'));

test('control-plane bad input: a quantity like 5Qi in quota-backend-bytes is named at its field', async () => {
  const problems = await problemsOf(badQuantity);
  const p = problems[0] as InputProblem;
  assert.equal(p.file, badQuantity);
  assert.equal(p.line, 6);
  assert.equal(formatPath(p.path), 'cluster.etcd["quota-backend-bytes"]');
  assert.match(p.message, /invalid quantity "5Qi": unknown suffix "Qi"/);
});

test('control-plane bad input: 5Qi gives one problem, not a second "must be a positive number, got NaN"', async () => {
  const problems = await problemsOf(badQuantity);
  assert.equal(problems.length, 1, problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join(' | '));
});

test('control-plane bad input given with --set is attributed to --set', async () => {
  const problems = await problemsOf(valid, ['cluster.etcd.disk=floppy']);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.file, '--set cluster.etcd.disk');
  assert.equal(formatPath(problems[0]?.path ?? []), 'cluster.etcd.disk');
  assert.match(problems[0]?.message ?? '', /unknown disk class "floppy": valid classes are nvme, ssd, sata-ssd, hdd/);
});

/**
 * The CLI prints `file:line:column: path: reason` and exits with status 2. Each spawn starts a
 * fresh node (~0.5–1 s), so three cases go through `validate` and the first also through `run`.
 */
const viaCli: ReadonlyArray<[name: string, text: string, stderr: RegExp]> = [
  ['unknown disk class', scenario('  etcd:\n    disk: floppy\n'), /:6:\d+: cluster\.etcd\.disk: unknown disk class "floppy": valid classes are nvme, ssd, sata-ssd, hdd/],
  ['election-timeout under 5 heartbeats', scenario('  etcd:\n    heartbeat-interval: 500ms\n    election-timeout: 1000ms\n'), /:7:\d+: cluster\.etcd\["election-timeout"\]: --election-timeout \(1000 ms\) should be at least 5 times/],
  ['FlowSchema to a missing level', scenario(flowSchemaToMissingLevel), /:9:\d+: cluster\.apiserver\.flowSchemas\[0\]\.spec\.priorityLevelConfiguration\.name: priority level "nope" not found/],
];

viaCli.forEach(([name, text, pattern], i) => {
  test(`control-plane bad input via the CLI (${name}): one located line on stderr, exit status 2`, () => {
    const file = write(text);
    const commands = [['validate', file], ...(i === 0 ? [['run', file, '--out', join(dir, 'out'), '--quiet']] : [])];
    for (const args of commands) {
      const r = kubesim(...args);
      assert.equal(r.status, 2, `${args[0]}: ${r.stderr}`);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.ok(lines[0]?.startsWith(`${file}:`), r.stderr);
      assert.match(r.stderr, pattern);
    }
  });
});
