/**
 * `npm run bench:sweep`: a 100-run sweep of the quickstart (at `--set nodes=200` by default, 6,000
 * pods a run, so the whole benchmark takes a few minutes: 5 pod creation rates × 20 seeds), run
 * with 1 and with 2 worker threads by the `kubesim sweep` command in a child process; prints the
 * wall times and the speed-up, checks both sweeps wrote identical tables, and writes
 * results/bench/sweep.json. Usage: [nodes] [workers...] (default 200 1 2). Wall-clock figures
 * of this machine, never asserted in tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [nodesArg = '200', ...workerArgs] = process.argv.slice(2);
const workerCounts = (workerArgs.length > 0 ? workerArgs : ['1', '2']).map(Number);
const main = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const root = join('results', 'bench', 'sweep');
rmSync(root, { recursive: true, force: true });
mkdirSync(root, { recursive: true });
const scenario = join(root, 'quickstart-sweep.yaml');
writeFileSync(scenario, `${readFileSync('scenarios/quickstart.yaml', 'utf8')}sweep:\n  createRate: [100, 200, 300, 400, 500]\nreplications: 20\n`);

interface SweepBench {
  workers: number;
  runs: number;
  wallSeconds: number;
}

const results: SweepBench[] = [];
for (const workers of workerCounts) {
  const out = join(root, `workers-${workers}`);
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [main, 'sweep', scenario, '--set', `nodes=${nodesArg}`, '--workers', String(workers), '--out', out, '--quiet'], { encoding: 'utf8' });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`sweep with ${workers} workers failed: ${r.stderr}`);
  const runs = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n').length - 1;
  results.push({ workers, runs, wallSeconds });
  process.stdout.write(`quickstart sweep (nodes=${nodesArg}), ${runs} runs, ${workers} worker${workers === 1 ? '' : 's'}: ${wallSeconds.toFixed(1)} s wall (${(wallSeconds / runs).toFixed(2)} s per run)\n`);
}
const base = results[0];
for (const r of results.slice(1)) {
  const same = ['sweep.csv', 'variants.csv'].every((f) => readFileSync(join(root, `workers-${r.workers}`, f), 'utf8') === readFileSync(join(root, `workers-${base?.workers ?? 1}`, f), 'utf8'));
  process.stdout.write(`  speed-up ${r.workers} vs ${base?.workers ?? 1} workers: ${((base?.wallSeconds ?? 0) / r.wallSeconds).toFixed(2)}x; tables identical: ${same ? 'yes' : 'NO'}\n`);
}
writeFileSync(join('results', 'bench', 'sweep.json'), `${JSON.stringify({ nodes: Number(nodesArg), results }, null, 2)}\n`);
