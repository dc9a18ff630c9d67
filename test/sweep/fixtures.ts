/** Sweep scenarios shared by the sweep tests: the tiny scenario with a sweep block, and helpers to run the CLI. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tinyScenario } from '../scenario/fixtures.js';

/** The CLI entry point. */
export const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** `tinyScenario` with `block` (YAML lines) inserted after its params line (line 4), so later lines move down by block's line count. */
export function withSweep(block: string, scenario = tinyScenario): string {
  return scenario.replace('params: { nodes: 3 }\n', `params: { nodes: 3 }\n${block.endsWith('\n') ? block : `${block}\n`}`);
}

/** A sweep of 2 node counts × 2 etcd disks × 2 seeds over the tiny scenario: 8 runs of a few ms each. */
export const tinySweep = withSweep(`sweep:
  nodes: [2, 3]
  cluster.etcd.disk: [ssd, nvme]
replications: 2`);

/** A sweep whose runs take ~0.3 s each (60 nodes, 600 pods), for killing a sweep between runs. */
export const slowerSweep = withSweep(`sweep:
  nodes: { from: 60, to: 64 }
replications: 2`).replace('count: 5', 'count: nodes * 10').replace('params: { nodes: 3 }', 'params: { nodes: 60 }');

/** Runs the CLI to completion (one process: no respawn). */
export function kubesim(args: readonly string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', env: { ...process.env, KUBESIM_NO_RESPAWN: '1', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI without waiting (one process: no respawn, so killing it kills the sweep). */
export function startKubesim(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, [main, ...args], { env: { ...process.env, KUBESIM_NO_RESPAWN: '1' }, stdio: 'ignore' });
}

/** Every file under `dir` (relative path → content), for comparing whole output trees. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}
