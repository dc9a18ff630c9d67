import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeScenario } from '../scenario/fixtures.js';
import { kubesim, readTree, slowerSweep, startKubesim } from './fixtures.js';

/** sweep-row.json of every completed run: run directory → inode and mtime (an atomic rewrite changes the inode). */
function completedRuns(out: string): Map<string, string> {
  const done = new Map<string, string>();
  const runs = join(out, 'runs');
  if (!existsSync(runs)) return done;
  for (const v of readdirSync(runs)) {
    if (v.startsWith('.')) continue;
    for (const s of readdirSync(join(runs, v))) {
      const row = join(runs, v, s, 'sweep-row.json');
      if (!existsSync(row)) continue;
      const st = statSync(row);
      done.set(`${v}/${s}`, `${st.ino}:${st.mtimeMs}`);
    }
  }
  return done;
}

test('a killed sweep resumes: no completed run is redone or lost, and the outputs equal a clean sweep', async () => {
  const file = writeScenario(slowerSweep);
  const out = join(dirname(file), 'killed');
  const child = startKubesim(['sweep', file, '--workers', '1', '--out', out, '--quiet']);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (completedRuns(out).size === 0 && Date.now() < deadline) await sleep(10);
  child.kill('SIGKILL');
  await exited;
  const before = completedRuns(out);
  assert.ok(before.size >= 1 && before.size < 10, `killed after ${before.size} of 10 runs`);
  assert.equal(existsSync(join(out, 'sweep.csv')), false, 'no tables before every run is there');
  // What a kill in the middle of writing a run leaves: a hidden temporary directory, removed on resume.
  mkdirSync(join(out, 'runs', 'nodes=64', '.seed-1.tmp-99999'), { recursive: true });
  writeFileSync(join(out, 'runs', 'nodes=64', '.seed-1.tmp-99999', 'summary.json'), '{"partial":');

  const resumed = kubesim(['sweep', file, '--workers', '2', '--out', out]);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stdout, new RegExp(`${10 - before.size} runs in .* \\(${before.size} already done\\)`));
  const after = completedRuns(out);
  assert.equal(after.size, 10);
  for (const [run, stamp] of before) assert.equal(after.get(run), stamp, `${run} was not rewritten`);

  const clean = join(dirname(file), 'clean');
  assert.equal(kubesim(['sweep', file, '--workers', '1', '--out', clean, '--quiet']).status, 0);
  assert.deepEqual(readTree(out), readTree(clean));
});
