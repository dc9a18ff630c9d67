/** The `kubesim` commands (run, validate, report, compare, sweep, merge, plan, explain). Exit 0 success, 1 an enforced SLO failed, 2 bad input. */
import { Command, InvalidArgumentError } from 'commander';
import { InputError } from '../scenario/input-error.js';
import { loadScenario } from './load-scenario.js';
import { compareCommand } from './compare-command.js';
import { explainCommand } from './explain-command.js';
import { reportCommand } from './report-command.js';
import { runCommand } from './run-command.js';
import { mergeCommand } from './merge-command.js';
import { planCommand } from './plan-command.js';
import { emitJobCommand, sweepCommand } from './sweep-command.js';

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
      const variants = spec.sweep.axes.reduce((n, a) => n * a.values.length, 1);
      const sweep = spec.sweep.axes.length === 0 && spec.sweep.seeds.length === 1 ? '' : `; sweep of ${variants} variant${variants === 1 ? '' : 's'} × ${spec.sweep.seeds.length} seed${spec.sweep.seeds.length === 1 ? '' : 's'}`;
      process.stdout.write(`${file}: valid scenario "${spec.name}" (${spec.workload.length} ops${sweep})\n`);
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

function positiveInt(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError('must be a whole number >= 1');
  return Number(v);
}

function num(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('must be a number');
  return n;
}

program
  .command('sweep')
  .description("run every variant of the scenario's sweep: block with every seed of replications: on worker threads; resumable; sweep.csv and variants.csv (mean and 95 % CI)")
  .argument('<file>', 'scenario YAML with a sweep: block (and replications:)')
  .option('--set <path=value>', 'override applied to every variant; repeatable', collect, [])
  .option('--out <dir>', 'sweep directory (default results/sweeps/<scenario>); rerun to resume')
  .option('--workers <n>', 'worker threads (default one per core)', positiveInt)
  .option('--shard <i/N>', 'do only shard i of N (runs k with k mod N = i) into <out>/part-i-of-N, for kubesim merge')
  .option('--emit-job', 'print an Indexed batch/v1 Job (and a ConfigMap with the scenario) running the shards on a cluster, instead of running')
  .option('--image <image>', 'with --emit-job: container image with kubesim on its PATH')
  .option('--claim <pvc>', 'with --emit-job: PersistentVolumeClaim mounted at /results for the parts')
  .option('--shards <n>', 'with --emit-job: completions, i.e. shards (default min(runs, 10))', positiveInt)
  .option('--parallelism <n>', 'with --emit-job: pods at once (default all shards)', positiveInt)
  .option('--quiet', 'print nothing but errors')
  .action(async (file: string, opts: { set: string[]; out?: string; workers?: number; shard?: string; emitJob?: boolean; image?: string; claim?: string; shards?: number; parallelism?: number; quiet?: boolean }) => {
    try {
      if (opts.emitJob === true) {
        process.stdout.write(await emitJobCommand(file, {
          sets: opts.set,
          ...(opts.image === undefined ? {} : { image: opts.image }),
          ...(opts.claim === undefined ? {} : { claim: opts.claim }),
          ...(opts.shards === undefined ? {} : { shards: opts.shards }),
          ...(opts.parallelism === undefined ? {} : { parallelism: opts.parallelism }),
          ...(opts.workers === undefined ? {} : { workers: opts.workers }),
        }));
        return;
      }
      await sweepCommand(file, {
        sets: opts.set,
        ...(opts.out === undefined ? {} : { out: opts.out }),
        ...(opts.workers === undefined ? {} : { workers: opts.workers }),
        ...(opts.shard === undefined ? {} : { shard: opts.shard }),
        ...(opts.quiet === undefined ? {} : { quiet: opts.quiet }),
      });
    } catch (e) {
      fail(e);
    }
  });

program
  .command('merge')
  .description('combine the parts of a sharded sweep into the outputs a local sweep writes')
  .argument('<dirs...>', 'part directories, or directories holding them (e.g. the Job\'s /results/<scenario>)')
  .option('--out <dir>', 'merged sweep directory (default results/sweeps/<scenario>)')
  .option('--quiet', 'print nothing but errors')
  .action((dirs: string[], opts: { out?: string; quiet?: boolean }) => {
    try {
      mergeCommand(dirs, { ...(opts.out === undefined ? {} : { out: opts.out }), ...(opts.quiet === undefined ? {} : { quiet: opts.quiet }) });
    } catch (e) {
      fail(e);
    }
  });

program
  .command('plan')
  .description("find the largest load or the smallest resource meeting the scenario's SLOs (galloping, then bisection; replications at each probe)")
  .argument('<file>', 'scenario YAML')
  .requiredOption('--param <key>', 'param name or field path to search (as --set takes it), e.g. nodes or cluster.apiserver.replicas')
  .option('--maximize', 'find the largest value meeting the SLOs (a load: nodes, churn)')
  .option('--minimize', 'find the smallest value meeting the SLOs (a resource: replicas, inflight, etcd members)')
  .option('--from <n>', "start of the range (default: the param's smallest swept value, else its value in the scenario)", num)
  .option('--to <n>', "end of the range (default: the param's largest swept value)", num)
  .option('--step <n>', 'grid step (default 1 for up to 64 whole numbers, else ~1/32 of the range)', num)
  .option('--replications <n>', "seeds per probe (default: the scenario's replications:)", positiveInt)
  .option('--set <path=value>', 'override applied to every probe; repeatable', collect, [])
  .option('--workers <n>', 'worker threads (default one per core, at most one per replication)', positiveInt)
  .option('--out <dir>', 'plan directory (default results/plans/<scenario>_<param>); rerun to reuse its probes')
  .option('--quiet', 'print nothing but errors')
  .action(async (file: string, opts: { param: string; maximize?: boolean; minimize?: boolean; from?: number; to?: number; step?: number; replications?: number; set: string[]; workers?: number; out?: string; quiet?: boolean }) => {
    try {
      if (opts.maximize === true && opts.minimize === true) throw new InputError([{ file: '--maximize/--minimize', line: 0, column: 0, path: [], message: 'give one of them, not both' }]);
      const direction = opts.maximize === true ? 'maximize' : opts.minimize === true ? 'minimize' : undefined;
      const outcome = await planCommand(file, {
        param: opts.param,
        sets: opts.set,
        ...(direction === undefined ? {} : { direction }),
        ...(opts.from === undefined ? {} : { from: opts.from }),
        ...(opts.to === undefined ? {} : { to: opts.to }),
        ...(opts.step === undefined ? {} : { step: opts.step }),
        ...(opts.replications === undefined ? {} : { replications: opts.replications }),
        ...(opts.workers === undefined ? {} : { workers: opts.workers }),
        ...(opts.out === undefined ? {} : { out: opts.out }),
        ...(opts.quiet === undefined ? {} : { quiet: opts.quiet }),
      });
      if (outcome.answer === undefined) process.exitCode = 1;
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
