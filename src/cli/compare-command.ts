/**
 * `kubesim compare FILE... [--seeds 1,2,3]`: runs several scenarios (e.g. the same workload under
 * different scheduler configurations) with the same seeds and writes, atomically into one
 * directory, every run, comparison.csv (a row per run), variants.csv (mean and 95 % CI per
 * scenario), plugin-wall-time.csv (the real time each scheduler plugin cost) and report.html.
 */
import { stringify } from 'csv-stringify/sync';
import { join } from 'node:path';
import { renderComparisonReport } from '../report/comparison-report.js';
import { parseRunData, type RunData } from '../report/run-data.js';
import { InputError } from '../scenario/input-error.js';
import { runScenario } from '../scenario/runner.js';
import type { ScenarioSpec } from '../scenario/spec.js';
import { compareColumns, compareRow, variantRows, type CompareRow } from './compare-rows.js';
import { loadScenario } from './load-scenario.js';
import { writeResultsAtomically } from './output-dir.js';
import { WallClockProfiler } from './plugin-profiler.js';
import { renderResultFiles, runReport } from './run-command.js';

/** Options of `kubesim compare`. */
export interface CompareOptions {
  readonly seeds: readonly number[];
  readonly sets?: readonly string[];
  readonly out?: string;
  readonly quiet?: boolean;
}

/** Runs every file with every seed and writes the comparison; returns its directory and rows. */
export async function compareCommand(files: readonly string[], options: CompareOptions): Promise<{ outDir: string; rows: CompareRow[] }> {
  const specs: ScenarioSpec[] = [];
  for (const f of files) specs.push(await loadScenario(f, { sets: options.sets ?? [] }));
  const names = specs.map((s) => s.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new InputError([{ file: files[names.lastIndexOf(dup)] ?? '', line: 0, column: 0, path: ['metadata', 'name'], message: `two compared scenarios are both named "${dup}"; give each variant its own metadata.name` }]);
  const outDir = options.out ?? join('results', 'compare', names.join('-vs-').slice(0, 100));
  const files_: Record<string, string> = {};
  const rows: CompareRow[] = [];
  const runs: RunData[] = [];
  const wall: (string | number)[][] = [];
  for (const base of specs) {
    for (const seed of options.seeds) {
      const spec = { ...base, seed };
      const profiler = new WallClockProfiler();
      const started = process.hrtime.bigint();
      const result = runScenario(spec, { pluginProfiler: profiler });
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const report = runReport(result, wallSeconds);
      const dir = `${spec.name}/seed-${seed}`;
      const texts = renderResultFiles(report, result.explanations, join(outDir, dir));
      for (const [name, text] of Object.entries(texts)) files_[`${dir}/${name}`] = text;
      runs.push(parseRunData(join(outDir, dir), texts as unknown as Parameters<typeof parseRunData>[1]));
      rows.push(compareRow(spec.name, String(seed), result, Number(wallSeconds.toFixed(3))));
      for (const p of profiler.results()) wall.push([spec.name, seed, p.plugin, p.point, p.calls, Number(p.wallMs.toFixed(3))]);
    }
  }
  files_['comparison.csv'] = stringify(rows.map((r) => ['variant', 'seed', ...compareColumns].map((c) => r[c as keyof CompareRow])), { header: true, columns: ['variant', 'seed', ...compareColumns] });
  const variants = variantRows(rows);
  files_['variants.csv'] = stringify(variants, { header: true, columns: Object.keys(variants[0] ?? {}) });
  files_['plugin-wall-time.csv'] = stringify(wall, { header: true, columns: ['variant', 'seed', 'plugin', 'point', 'calls', 'wall_ms'] });
  files_['report.html'] = renderComparisonReport(names.join(' vs '), runs);
  writeResultsAtomically(outDir, files_);
  if (options.quiet !== true) process.stdout.write(renderCompareTable(variants, outDir));
  return { outDir, rows };
}

function renderCompareTable(variants: readonly Record<string, string | number>[], outDir: string): string {
  const rollouts = variants.some((v) => Number(v['rollouts_complete']) + Number(v['rollouts_failed']) > 0);
  const jobs = variants.some((v) => Number(v['jobs_complete']) + Number(v['jobs_failed']) > 0);
  // Runs with Jobs compare what the Jobs cost, runs with rollouts rollout costs; the others scheduling.
  const cols: [string, string][] = jobs
    ? [['job_s', 'job s'], ['jobs_complete', 'complete'], ['jobs_failed', 'failed'], ['job_pods_created', 'pods created'], ['job_pod_failures', 'pod failures'], ['wall_s', 'wall s']]
    : rollouts
    ? [
        ['rollout_s', 'rollout s'], ['rollouts_failed', 'failed'], ['rollout_min_ready_pods', 'min ready'], ['rollout_below_desired_s', 's below'],
        ['rollout_max_pods', 'max pods'], ['peak_pull_bytes_per_s', 'pull B/s'], ['api_mutating_p99_s', 'API p99'], ['wall_s', 'wall s'],
      ]
    : [
        ['throughput_pods_per_s', 'pods/s'], ['attempt_p50_s', 'attempt p50'], ['attempt_p99_s', 'attempt p99'], ['e2e_scheduling_p99_s', 'e2e p99'],
        ['unschedulable', 'unsched'], ['preempted', 'preempted'], ['cpu_allocation_stddev', 'cpu sd'], ['memory_allocation_stddev', 'mem sd'], ['wall_s', 'wall s'],
      ];
  const head = ['variant', ...cols.map(([, h]) => h)];
  const body = variants.map((v) => [String(v['variant']), ...cols.map(([c]) => {
    const m = Number(v[c]);
    const ci = Number(v[`${c}_ci95`]);
    return `${m.toPrecision(4)}${ci > 0 ? `±${ci.toPrecision(2)}` : ''}`;
  })]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => `  ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}\n`;
  return `${line(head)}${body.map(line).join('')}  results: ${outDir}\n`;
}
