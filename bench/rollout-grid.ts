/**
 * `npm run bench:rollout-grid`: scenarios/rollouts/rollout-grid-1000.yaml — one rollout of a
 * 1,000-replica Deployment, maxSurge {1, 25 %, 100 %} × maxUnavailable {0, 25 %} — with 5 seeds
 * (30 runs) through `kubesim sweep` in a child process; prints the wall time, the runs per
 * second and the per-variant rollout columns, and writes results/bench/rollout-grid.json.
 * Usage: [replicas] [workers] (default 1000 and one worker per core). Wall-clock figures of this
 * machine, never asserted in tests.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const [replicas = '1000', workers = String(cpus().length)] = process.argv.slice(2);
const main = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const root = join('results', 'bench', 'rollout-grid');
rmSync(root, { recursive: true, force: true });
mkdirSync(root, { recursive: true });
const scenario = join(root, 'rollout-grid-5-seeds.yaml');
writeFileSync(scenario, readFileSync('scenarios/rollouts/rollout-grid-1000.yaml', 'utf8').replace(/^replications: \d+$/m, 'replications: 5'));

const started = process.hrtime.bigint();
const r = spawnSync(process.execPath, [main, 'sweep', scenario, '--set', `replicas=${replicas}`, '--workers', workers, '--out', root, '--quiet'], { encoding: 'utf8' });
const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
if (r.status !== 0) throw new Error(`sweep failed: ${r.stderr}`);
const runs = readFileSync(join(root, 'sweep.csv'), 'utf8').trim().split('\n').length - 1;
process.stdout.write(`rollout grid: ${replicas} replicas, ${runs} runs (6 variants × 5 seeds), ${workers} worker(s): ${wallSeconds.toFixed(1)} s wall (${(wallSeconds / runs).toFixed(2)} s per run)\n`);
const variants = parse(readFileSync(join(root, 'variants.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
const cols = ['rollout_s', 'rollout_min_ready_pods', 'rollout_below_desired_s', 'rollout_max_pods', 'peak_pull_bytes_per_s', 'api_mutating_p99_s'];
console.table(variants.map((v) => Object.fromEntries([['variant', v['variant']], ...cols.map((c) => [c, `${Number(v[c]).toPrecision(4)} ± ${Number(v[`${c}_ci95`]).toPrecision(2)}`])])));
writeFileSync(join('results', 'bench', 'rollout-grid.json'), `${JSON.stringify({ replicas: Number(replicas), workers: Number(workers), runs, wallSeconds }, null, 2)}\n`);
