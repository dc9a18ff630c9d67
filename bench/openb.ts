/**
 * `npm run bench:openb`: the GPU placement benchmark on the default openb trace (1,213 nodes,
 * about 10,850 pods: the trace's 8,152 topped up to 130 % of the cluster's GPUs). (1) One
 * placement-protocol run with FGDScore, timed in this process around the op (trace loading
 * included, module loading not); target: at most 5 s wall. (2) The full sweep of scenarios/openb/openb-default.yaml — six
 * policies × seeds 42–51 — by the `kubesim sweep` command in a child process with its default
 * worker pool; target: at most 3 minutes on a 2-core machine. Prints both (and the single run's
 * CPU seconds, which other load on the machine inflates less than its wall time) and writes
 * results/bench/openb.json. Usage: [--no-sweep]. Wall-clock figures of this machine, never
 * asserted in tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../src/cli/load-scenario.js';
import { runScenario } from '../src/scenario/runner.js';

const scenario = 'scenarios/openb/openb-default.yaml';
const main = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

const loadStarted = process.hrtime.bigint();
const spec = await loadScenario(scenario, {});
const loadSeconds = Number(process.hrtime.bigint() - loadStarted) / 1e9;
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const result = runScenario(spec);
const runSeconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
const runCpuSeconds = (cpu.user + cpu.system) / 1e6;
const pods = result.metrics['gpu_trace_pods_arrived'];
process.stdout.write(`placement protocol, FGDScore, seed 42: ${pods} pods on 1,213 nodes in ${(loadSeconds + runSeconds).toFixed(2)} s wall (trace load and validation ${loadSeconds.toFixed(2)} s, placement ${runSeconds.toFixed(2)} s, ${runCpuSeconds.toFixed(2)} s of CPU; target <= 5 s)\n`);

let sweepSeconds: number | undefined;
if (!process.argv.includes('--no-sweep')) {
  const out = join('results', 'bench', 'openb-sweep');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const sweepStarted = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [main, 'sweep', scenario, '--out', out, '--quiet'], { encoding: 'utf8' });
  sweepSeconds = Number(process.hrtime.bigint() - sweepStarted) / 1e9;
  if (r.status !== 0) throw new Error(`sweep failed: ${r.stderr}`);
  process.stdout.write(`sweep of six policies x seeds 42-51 (60 runs): ${sweepSeconds.toFixed(1)} s wall (target <= 180 s)\n`);
}
mkdirSync(join('results', 'bench'), { recursive: true });
writeFileSync(join('results', 'bench', 'openb.json'), `${JSON.stringify({ pods, loadSeconds, runSeconds, runCpuSeconds, sweepSeconds }, null, 2)}\n`);
