/**
 * `kubesim sweep FILE`: every variant of the scenario's `sweep:` block with every seed of its
 * `replications:`, on a pool of worker threads; each run's files are written as it completes,
 * a rerun resumes, and sweep.csv / variants.csv are written once all runs are there. With
 * `--shard i/N` only every N-th run is done, into a part for `kubesim merge`; with `--emit-job`
 * nothing runs and an Indexed Job doing the shards on a cluster is printed instead.
 */
import { join } from 'node:path';
import { InputError } from '../scenario/input-error.js';
import { executeRuns, writeSweepTables } from '../sweep/execute-runs.js';
import { renderJobManifest } from '../sweep/job-manifest.js';
import { loadSweep, type SweepLayout } from '../sweep/load-sweep.js';
import { RunPool, defaultWorkers } from '../sweep/run-pool.js';
import { parseShard, partName, shardRuns } from '../sweep/shard.js';
import { hasRun, openSweepDir, sweepManifest } from '../sweep/sweep-dir.js';
import type { SweepRow } from '../sweep/sweep-row.js';
import { meanWithInterval } from '../metrics/confidence-interval.js';
import { SweepProgress } from './sweep-progress.js';
import { renderPlacementSummary } from '../sweep/placement-columns.js';

/** Options of `kubesim sweep`. */
export interface SweepCommandOptions {
  readonly sets?: readonly string[];
  readonly out?: string;
  readonly workers?: number;
  /** `i/N`. */
  readonly shard?: string;
  readonly quiet?: boolean;
}

/** What a sweep did. */
export interface SweepOutcome {
  /** The sweep directory, or the part's directory with --shard. */
  readonly outDir: string;
  readonly ran: number;
  readonly skipped: number;
  /** The rows, when the sweep (not a part) is complete. */
  readonly rows: readonly SweepRow[] | undefined;
}

/** The default output directory of a sweep of scenario `name`. */
export function defaultSweepDir(name: string): string {
  return join('results', 'sweeps', name);
}

/** Runs (or resumes) the sweep of `file`; InputError before anything runs on bad input. */
export async function sweepCommand(file: string, options: SweepCommandOptions = {}): Promise<SweepOutcome> {
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  const workers = options.workers ?? defaultWorkers();
  const sweep = await loadSweep(file, { sets: options.sets ?? [] });
  const root = options.out ?? defaultSweepDir(sweep.name);
  const dir = shard === undefined ? root : join(root, partName(shard));
  const runs = shard === undefined ? sweep.runs : shardRuns(sweep.runs, shard);
  openSweepDir(dir, sweepManifest(sweep), shard === undefined ? undefined : { identity: sweep.identity, shard: shard.index, shards: shard.count });
  const todo = runs.filter((r) => !hasRun(dir, r)).length;
  const started = process.hrtime.bigint();
  let ran = 0;
  if (todo > 0) {
    const pool = new RunPool(Math.max(1, Math.min(workers, todo)));
    const label = shard === undefined ? sweep.name : `${sweep.name} ${partName(shard)}`;
    try {
      ran = await executeRuns(dir, sweep, runs, pool, options.quiet === true ? undefined : new SweepProgress(label));
    } finally {
      await pool.close();
    }
  }
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const rows = shard === undefined ? writeSweepTables(dir, sweep) : undefined;
  if (options.quiet !== true) {
    if (rows !== undefined) process.stdout.write(renderSweepSummary(sweep, rows));
    process.stdout.write(`  ${ran} runs in ${wall.toFixed(1)} s with ${workers} worker${workers === 1 ? '' : 's'}${runs.length - todo > 0 ? ` (${runs.length - todo} already done)` : ''}\n  results: ${dir}\n`);
  }
  return { outDir: dir, ran, skipped: runs.length - todo, rows };
}

/** Options of `kubesim sweep --emit-job`. */
export interface EmitJobOptions {
  readonly sets?: readonly string[];
  readonly image?: string;
  readonly claim?: string;
  readonly shards?: number;
  readonly parallelism?: number;
  readonly workers?: number;
}

/** The Job manifest of a distributed sweep of `file` (validated first, as a local sweep would be). */
export async function emitJobCommand(file: string, options: EmitJobOptions): Promise<string> {
  const missing = (['image', 'claim'] as const).filter((k) => options[k] === undefined || options[k] === '');
  if (missing.length > 0) throw new InputError(missing.map((k) => ({ file: `--${k}`, line: 0, column: 0, path: [], message: `--emit-job needs --${k} (${k === 'image' ? 'an image with kubesim on its PATH' : 'a PersistentVolumeClaim for the parts'})` })));
  const sweep = await loadSweep(file, { sets: options.sets ?? [] });
  const shards = options.shards ?? Math.min(sweep.runs.length, 10);
  return renderJobManifest(sweep, {
    image: options.image ?? '',
    claim: options.claim ?? '',
    shards,
    parallelism: options.parallelism ?? shards,
    workers: options.workers ?? 1,
  });
}

/** Per variant: runs, mutating-call p99 and pod startup p99 (mean ± 95 % CI), 429s and the share of runs meeting every SLO. */
export function renderSweepSummary(sweep: SweepLayout, rows: readonly SweepRow[]): string {
  const ci = (values: readonly number[], digits = 3): string => {
    if (values.length === 0) return 'n/a';
    const m = meanWithInterval(values);
    return `${m.mean.toFixed(digits)}${m.halfWidth > 0 ? `±${m.halfWidth.toFixed(digits)}` : ''}`;
  };
  const head = ['variant', 'runs', 'mutating p99 (s)', 'startup p99 (s)', '429s', 'SLOs met'];
  const body = sweep.variants.map((v) => {
    const mine = sweep.runs.flatMap((r, i) => (r.variant.id === v.id && rows[i] !== undefined ? [rows[i]] : []));
    const slo = (name: string): number[] => mine.flatMap((r) => (r.slos[name] === undefined ? [] : [r.slos[name]]));
    return [
      v.id, String(mine.length), ci(slo('mutating_api_call_latency_p99_seconds')), ci(slo('pod_startup_latency_p99_seconds')),
      ci(mine.map((r) => r.metrics.api_429), 0), `${mine.filter((r) => r.metrics.slos_met === 1).length}/${mine.length}`,
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string => `  ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}\n`;
  const placement = renderPlacementSummary(sweep.variants.map((v) => ({ id: v.id, rows: sweep.runs.flatMap((r, i) => (r.variant.id === v.id && rows[i] !== undefined ? [rows[i].placement] : [])) })));
  return `${line(head)}${body.map(line).join('')}${placement}`;
}
