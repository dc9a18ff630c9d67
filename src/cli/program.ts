/** The `kubesim` commands (run, validate, report, explain). Exit 0 success, 1 an enforced SLO failed, 2 bad input. */
import { Command, InvalidArgumentError } from 'commander';
import { InputError } from '../scenario/input-error.js';
import { loadScenario } from './load-scenario.js';
import { compareCommand } from './compare-command.js';
import { explainCommand } from './explain-command.js';
import { reportCommand } from './report-command.js';
import { runCommand } from './run-command.js';

// A closed pipe (e.g. `kubesim run ... | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

function seedArg(v: string): number {
  if (!/^-?\d+$/.test(v)) throw new InvalidArgumentError('must be an integer');
  return Number(v);
}

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

function fail(e: unknown): never {
  if (e instanceof InputError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
  throw e;
}

const program = new Command()
  .name('kubesim')
  .description('Discrete-event simulator of Kubernetes cluster performance (virtual time, same numbers for the same seed).')
  .showHelpAfterError()
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

program
  .command('run')
  .description('run a scenario and write summary.json, timeseries.csv, pods.csv and metrics.prom')
  .argument('<file>', 'scenario YAML (kind: Scenario)')
  .option('--seed <n>', 'seed of the random streams (overrides the file)', seedArg)
  .option('--set <path=value>', 'override a param (name=value) or any field (a.b[0].c=value); repeatable', collect, [])
  .option('--out <dir>', 'output directory (default results/<scenario>/<seed and overrides>)')
  .option('--quiet', 'print nothing but errors')
  .action(async (file: string, opts: { seed?: number; set: string[]; out?: string; quiet?: boolean }) => {
    try {
      await runCommand(file, {
        sets: opts.set,
        progress: true,
        ...(opts.seed === undefined ? {} : { seed: opts.seed }),
        ...(opts.out === undefined ? {} : { out: opts.out }),
        ...(opts.quiet === undefined ? {} : { quiet: opts.quiet }),
      });
    } catch (e) {
      fail(e);
    }
  });

program
  .command('validate')
  .description('check a scenario without running it')
  .argument('<file>', 'scenario YAML')
  .option('--set <path=value>', 'override a param or field, as for run; repeatable', collect, [])
  .action(async (file: string, opts: { set: string[] }) => {
    try {
      const spec = await loadScenario(file, { sets: opts.set });
      process.stdout.write(`${file}: valid scenario "${spec.name}" (${spec.workload.length} ops)\n`);
    } catch (e) {
      fail(e);
    }
  });

program
  .command('report')
  .description('rebuild report.html from saved results: a run directory, or a directory of runs (comparison)')
  .argument('<dir>', 'results directory')
  .action((dir: string) => {
    try {
      process.stdout.write(`${reportCommand(dir)}\n`);
    } catch (e) {
      fail(e);
    }
  });

function seedList(v: string): number[] {
  if (!/^-?\d+(,-?\d+)*$/.test(v)) throw new InvalidArgumentError('must be a comma-separated list of integers, e.g. 1,2,3');
  return v.split(',').map(Number);
}

program
  .command('compare')
  .description('run several scenarios (e.g. one workload under several scheduler configurations) with the same seeds and compare them')
  .argument('<files...>', 'scenario files, each with its own metadata.name')
  .option('--seeds <list>', 'seeds to replicate each scenario with', seedList, [1])
  .option('--set <path=value>', 'override applied to every scenario; repeatable', collect, [])
  .option('--out <dir>', 'output directory (default results/compare/<a>-vs-<b>)')
  .option('--quiet', 'print nothing but errors')
  .action(async (files: string[], opts: { seeds: number[]; set: string[]; out?: string; quiet?: boolean }) => {
    try {
      await compareCommand(files, { seeds: opts.seeds, sets: opts.set, ...(opts.out === undefined ? {} : { out: opts.out }), ...(opts.quiet === undefined ? {} : { quiet: opts.quiet }) });
    } catch (e) {
      fail(e);
    }
  });

program
  .command('explain')
  .description("show why the scheduler placed a pod where it did: nodes each Filter plugin rejected, weighted scores vs the runner-up")
  .argument('<runDir>', 'a run directory')
  .argument('<pod>', 'namespace/name, or a name unique in the run')
  .action((runDir: string, pod: string) => {
    try {
      process.stdout.write(explainCommand(runDir, pod));
    } catch (e) {
      fail(e);
    }
  });

await program.parseAsync();
