import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { mergeCommand } from '../../src/cli/merge-command.js';
import { sweepCommand } from '../../src/cli/sweep-command.js';
import { writeScenario } from '../scenario/fixtures.js';
import { kubesim, main, readTree, tinySweep } from './fixtures.js';

/** Runs `kubesim sweep FILE --shard $JOB_COMPLETION_INDEX/N` as the Job's pods do, with the shell expanding the variable. */
function shardProcess(file: string, out: string, index: number, count: number): Promise<number | null> {
  const child = spawn('/bin/sh', ['-c', `"${process.execPath}" "${main}" sweep "${file}" --shard "$JOB_COMPLETION_INDEX/${count}" --out "${out}" --quiet`], {
    env: { ...process.env, KUBESIM_NO_RESPAWN: '1', JOB_COMPLETION_INDEX: String(index) },
    stdio: 'inherit',
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

test('3 shard processes with JOB_COMPLETION_INDEX, merged, are byte-identical to the single-process sweep', async () => {
  const file = writeScenario(tinySweep);
  const root = dirname(file);
  const single = join(root, 'single');
  await sweepCommand(file, { workers: 1, out: single, quiet: true });
  const expected = readTree(single);
  assert.equal(Object.keys(expected).filter((f) => f.endsWith('summary.json')).length, 8);
  // (1 vs 2 workers: test/sweep/resume.test.ts compares a sweep resumed with 2 workers to a clean one with 1)

  const job = join(root, 'job');
  assert.deepEqual(await Promise.all([0, 1, 2].map((i) => shardProcess(file, job, i, 3))), [0, 0, 0]);
  assert.deepEqual(readdirSync(job).sort(), ['part-0-of-3', 'part-1-of-3', 'part-2-of-3']);
  // run k belongs to shard k mod 3: 8 runs → 3, 3 and 2
  assert.deepEqual([0, 1, 2].map((i) => Object.keys(readTree(join(job, `part-${i}-of-3`))).filter((f) => f.endsWith('sweep-row.json')).length), [3, 3, 2]);
  const merged = join(root, 'merged');
  const m = kubesim(['merge', job, '--out', merged]);
  assert.equal(m.status, 0, m.stderr);
  assert.match(m.stdout, /merged 3 parts, 8 runs/);
  assert.deepEqual(readTree(merged), expected);
  // the parts can also be named one by one, in any order
  const merged2 = join(root, 'merged2');
  mergeCommand([join(job, 'part-2-of-3'), join(job, 'part-0-of-3'), join(job, 'part-1-of-3')], { out: merged2, quiet: true });
  assert.deepEqual(readTree(merged2), expected);
});
