/**
 * `npm run bench:rollout`: wall time and peak RSS of scenarios/stargz-rollout.yaml (the eStargz
 * image rolled out to 1,000 nodes at once; target at most 10 s wall), and the rollout's
 * pull-to-ready against node count (250, 500, 1,000 nodes): with the registry the bottleneck it
 * grows as nodes × bytes / registry bandwidth. Writes results/bench/stargz-rollout.json. Wall
 * figures are this machine's, never asserted in tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../src/cli/load-scenario.js';
import { runScenario } from '../src/scenario/runner.js';

const file = 'scenarios/stargz-rollout.yaml';
const child = fileURLToPath(new URL('./scenario-run.js', import.meta.url));
const run = spawnSync(process.execPath, ['--max-semi-space-size=64', child, file], { encoding: 'utf8' });
if (run.status !== 0) throw new Error(`${file} failed: ${run.stderr}`);
const full = JSON.parse(run.stdout) as { wallSeconds: number; maxRssMiB: number; events: number; simSeconds: number };
process.stdout.write(
  `${file} (1,000 nodes)\n  ${full.wallSeconds.toFixed(2)} s wall (target ≤ 10 s), peak RSS ${full.maxRssMiB.toFixed(0)} MiB, ${full.events} events, ${full.simSeconds} s virtual\n`,
);

const curve: { nodes: number; slowestSeconds: number; boundSeconds: number }[] = [];
process.stdout.write('  nodes  slowest pull-to-ready (s)  nodes × startup bytes / registry bandwidth (s)\n');
for (const nodes of [250, 500, 1000]) {
  const result = runScenario(await loadScenario(file, { sets: [`rolloutNodes=${nodes}`] }));
  const times = result.pods.filter((p) => p.name.startsWith('recommender-')).map((p) => ((p.observedRunning ?? NaN) - p.created) / 1e6);
  const bytes = result.metrics['kubesim_pod_startup_image_bytes{mode="estargz-noopt"}'];
  const perNode = typeof bytes === 'object' ? bytes.mean : NaN;
  const row = { nodes, slowestSeconds: Math.max(...times), boundSeconds: (nodes * perNode) / 1.25e9 };
  curve.push(row);
  process.stdout.write(`  ${String(nodes).padStart(5)}  ${row.slowestSeconds.toFixed(1).padStart(25)}  ${row.boundSeconds.toFixed(1).padStart(46)}\n`);
}
mkdirSync('results/bench', { recursive: true });
writeFileSync('results/bench/stargz-rollout.json', `${JSON.stringify({ full, curve }, null, 2)}\n`);
