import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCommand } from '../../src/cli/run-command.js';
import { loadRunDir } from '../../src/report/run-data.js';
import { renderRunReport } from '../../src/report/run-report.js';
import { tinyScenario, writeScenario } from '../scenario/fixtures.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const scenario = writeScenario(tinyScenario);
const root = mkdtempSync(join(tmpdir(), 'kubesim-report-cmd-'));
const runA = join(root, 'runs', 'seed-1');
const runB = join(root, 'runs', 'seed-2');
await runCommand(scenario, { out: runA, quiet: true });
await runCommand(scenario, { out: runB, quiet: true, seed: 2 });

function report(dir: string): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [main, 'report', dir], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

test('run writes report.html, and `kubesim report` rebuilds the same page from the saved files', () => {
  const written = readFileSync(join(runA, 'report.html'), 'utf8');
  rmSync(join(runA, 'report.html'));
  assert.equal(report(runA).status, 0);
  assert.equal(readFileSync(join(runA, 'report.html'), 'utf8'), written);
  assert.match(written, /<h2>Pod startup latency<\/h2>/);
});

test('a directory of runs gets a comparison with one row per variant and a confidence interval', () => {
  assert.equal(report(join(root, 'runs')).status, 0);
  const html = readFileSync(join(root, 'runs', 'report.html'), 'utf8');
  assert.match(html, /2 runs in 1 variants/);
  assert.match(html, /<th>tiny nodes=3<\/th><td>2<\/td>/);
  assert.match(html, /± /);
});

test('sections appear only for what the run modelled', () => {
  const run = loadRunDir(runA);
  const withoutApi = { ...run, series: new Map([...run.series].filter(([k]) => !k.startsWith('apiserver_'))) };
  const html = renderRunReport(withoutApi);
  assert.doesNotMatch(html, /<h2>API request latency<\/h2>/);
  assert.match(html, /<h2>Summary<\/h2>/);
});

async function corrupted(file: string, content: string | undefined): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'kubesim-corrupt-')), 'run');
  await runCommand(scenario, { out: dir, quiet: true });
  if (content === undefined) rmSync(join(dir, file));
  else writeFileSync(join(dir, file), content);
  return dir;
}

const cases: [string, string, string | undefined, RegExp][] = [
  ['missing pods.csv', 'pods.csv', undefined, /pods\.csv: missing/],
  ['corrupt summary.json', 'summary.json', '{\n  "scenario": "tiny",\n  oops\n}\n', /summary\.json:3:1: corrupt JSON/],
  ['summary.json without metrics', 'summary.json', '{"scenario":"x","seed":1,"params":{},"simSeconds":1,"events":1,"slos":[]}', /summary\.json:1:1: metrics: required field is missing/],
  ['timeseries.csv with a bad value', 'timeseries.csv', 'time_s,series,value\n0.000000,kubesim_pods,1\n1.000000,kubesim_pods,abc\n', /timeseries\.csv:3:1: value: not a number: "abc"/],
  ['pods.csv with a wrong header', 'pods.csv', 'name,node\na,b\n', /pods\.csv:1:1: expected the header/],
  ['timeseries.csv with a ragged row', 'timeseries.csv', 'time_s,series,value\n0.000000,kubesim_pods\n', /timeseries\.csv:2:1: corrupt CSV/],
];

for (const [name, file, content, pattern] of cases) {
  test(`kubesim report: ${name} is a clear error with exit status 2`, async () => {
    const dir = await corrupted(file, content);
    const r = report(dir);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, pattern);
  });
}

test('kubesim report on a directory without results is exit status 2', () => {
  const r = report(mkdtempSync(join(tmpdir(), 'kubesim-empty-')));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /neither a run directory/);
});
