/**
 * `kubesim plan FILE --param KEY --maximize|--minimize`: the largest load or the smallest resource
 * on a grid that meets the scenario's SLOs, found by galloping then bisection with every
 * replication seed at each probe. Probes run on the sweep's worker pool and are stored like sweep
 * runs (`runs/<KEY=value>/seed-N`), so a rerun of the same plan reuses them; frontier.csv lists
 * every probe. Exit status 1 when no value in the range meets the SLOs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { type Direction, defaultStep, gridPoints, searchFrontier, type SearchResult } from '../plan/frontier-search.js';
import { probeVerdict, sloBounds, type ProbeVerdict } from '../plan/probe-verdict.js';
import { resolveSweepKey } from '../scenario/compile-sweep.js';
import { InputError, formatPath } from '../scenario/input-error.js';
import { ScenarioSource } from '../scenario/source.js';
import { executeRuns, readRows } from '../sweep/execute-runs.js';
import { loadSweep } from '../sweep/load-sweep.js';
import { RunPool, defaultWorkers } from '../sweep/run-pool.js';
import { jsonKeyLine } from '../sweep/sweep-dir.js';
import { makeVariant } from '../sweep/variant.js';
import { loadScenario } from './load-scenario.js';
import { writeFileAtomically } from './output-dir.js';
import { SweepProgress } from './sweep-progress.js';

/** Options of `kubesim plan`. */
export interface PlanOptions {
  readonly param: string;
  readonly direction?: Direction;
  readonly from?: number;
  readonly to?: number;
  readonly step?: number;
  readonly replications?: number;
  readonly sets?: readonly string[];
  readonly workers?: number;
  readonly out?: string;
  readonly quiet?: boolean;
}

/** What a plan found. */
export interface PlanOutcome extends SearchResult<ProbeVerdict> {
  readonly outDir: string;
  readonly param: string;
  readonly direction: Direction;
}

function bad(option: string, message: string): InputError {
  return new InputError([{ file: option, line: 0, column: 0, path: [], message }]);
}

/** The value at `path` in a plain document, or undefined. */
function valueAt(doc: unknown, path: readonly (string | number)[]): unknown {
  let node = doc;
  for (const seg of path) node = typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[seg] : undefined;
  return node;
}

/** Runs the plan; InputError on bad input before anything runs. */
export async function planCommand(file: string, options: PlanOptions): Promise<PlanOutcome> {
  const direction = options.direction;
  if (direction === undefined) throw bad('--maximize/--minimize', 'give --maximize (the largest load that meets the SLOs) or --minimize (the smallest resource that does)');
  const sets = options.sets ?? [];
  const base = await loadScenario(file, { sets });
  const source = ScenarioSource.load(file);
  source.applySets(sets);
  const doc = source.toJS() as Record<string, unknown>;
  const path = resolveSweepKey(options.param, doc);
  if (typeof path === 'string') throw bad('--param', path);
  const axis = base.sweep.axes.find((a) => formatPath(a.path) === formatPath(path));
  const numeric = axis?.values.filter((v): v is number => typeof v === 'number') ?? [];
  const current = path[0] === 'params' ? base.params[String(path[1])] : valueAt(doc, path);
  const from = options.from ?? (numeric.length > 0 ? Math.min(...numeric) : typeof current === 'number' ? current : undefined);
  const to = options.to ?? (numeric.length > 0 ? Math.max(...numeric) : undefined);
  if (from === undefined) throw bad('--from', `${options.param} has no numeric value in the scenario to start from; give --from`);
  if (to === undefined) throw bad('--to', `give --to (the end of the range to search), or sweep ${options.param} in the scenario`);
  if (!(to > from)) throw bad('--to', `must be above --from (${from}), got ${to}`);
  const step = options.step ?? defaultStep(from, to);
  if (!(step > 0)) throw bad('--step', `must be above 0, got ${step}`);
  let seeds = base.sweep.seeds;
  if (options.replications !== undefined) {
    if (typeof base.seed !== 'number') throw bad('--replications', `counting seeds up from seed "${String(base.seed)}" needs an integer seed`);
    seeds = Array.from({ length: options.replications }, (_, i) => (base.seed as number) + i);
  }
  const points = gridPoints(from, to, step);
  const variantOf = (value: number): ReturnType<typeof makeVariant> => makeVariant([{ key: options.param, value }]);
  await loadSweep(file, { sets, variants: [variantOf(from), variantOf(to)], seeds });

  const outDir = options.out ?? join('results', 'plans', `${base.name}_${options.param.replace(/[^A-Za-z0-9._-]+/g, '-')}`);
  const identity = createHash('sha256').update(JSON.stringify({ text: readFileSync(file, 'utf8'), sets, param: options.param, seeds })).digest('hex').slice(0, 16);
  const planFile = join(outDir, 'plan.json');
  if (existsSync(planFile)) {
    const text = readFileSync(planFile, 'utf8');
    const old = JSON.parse(text) as { identity?: string };
    if (old.identity !== identity) throw new InputError([{ file: planFile, line: jsonKeyLine(text, 'identity'), column: 3, path: ['identity'], message: `${outDir} holds runs of another plan (other scenario text, --set, param or seeds): use another --out or remove it` }]);
  }
  writeFileAtomically(planFile, `${JSON.stringify({ scenario: base.name, param: options.param, direction, from, to, step, seeds, identity }, null, 2)}\n`);

  const bounds = sloBounds(base);
  const workers = options.workers ?? defaultWorkers();
  const pool = new RunPool(Math.max(1, Math.min(workers, seeds.length)));
  const say = (text: string): void => {
    if (options.quiet !== true) process.stdout.write(text);
  };
  say(`  plan: ${direction === 'maximize' ? 'largest' : 'smallest'} ${options.param} in [${from}, ${to}] (step ${step}) meeting the SLOs, ${seeds.length} replication${seeds.length === 1 ? '' : 's'} per probe\n`);
  let result: SearchResult<ProbeVerdict>;
  try {
    result = await searchFrontier(points, direction, async (value) => {
      const started = process.hrtime.bigint();
      const sweep = await loadSweep(file, { sets, variants: [variantOf(value)], seeds });
      await executeRuns(outDir, sweep, sweep.runs, pool, options.quiet === true ? undefined : new SweepProgress(`${options.param}=${value}`, false));
      const verdict = probeVerdict(readRows(outDir, sweep), bounds);
      say(`  probe ${options.param}=${value}: ${verdict.holds ? 'holds' : 'FAILS'}  ${describeVerdict(verdict)}  (${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s)\n`);
      return { holds: verdict.holds, detail: verdict };
    });
  } finally {
    await pool.close();
  }
  writeFileAtomically(join(outDir, 'frontier.csv'), renderFrontierCsv(result, bounds.map((b) => b.name)));
  say(renderPlanAnswer(options.param, direction, from, to, result));
  say(`  results: ${outDir}\n`);
  return { ...result, outDir, param: options.param, direction };
}

/** `name mean±ci vs objective` for each SLO of a probe, plus runs that did not complete. */
export function describeVerdict(v: ProbeVerdict): string {
  const parts = v.slos.map((s) => `${s.name.replace(/_seconds$/, '')} ${s.mean.toFixed(3)}${s.halfWidth > 0 ? `±${s.halfWidth.toFixed(3)}` : ''} ${s.bound === 'max' ? '<=' : '>='} ${s.objective}${s.holds ? '' : ' ✗'}`);
  if (v.completed < v.runs) parts.push(`${v.runs - v.completed} of ${v.runs} runs did not complete`);
  return parts.join(', ');
}

/** The answer and the explored frontier (probes by value). */
export function renderPlanAnswer(param: string, direction: Direction, from: number, to: number, r: SearchResult<ProbeVerdict>): string {
  const answer = r.answer === undefined
    ? `no ${param} in [${from}, ${to}] meets the SLOs`
    : `${direction === 'maximize' ? 'largest' : 'smallest'} ${param} meeting the SLOs: ${r.answer}`;
  const frontier = [...r.probes].sort((a, b) => a.value - b.value).map((p) => `    ${param}=${p.value}  ${p.holds ? 'holds' : 'fails'}  ${describeVerdict(p.detail)}\n`);
  return `  ${answer}\n  frontier (${r.probes.length} probe${r.probes.length === 1 ? '' : 's'}):\n${frontier.join('')}`;
}

/** frontier.csv: one row per probe in the order made, with each SLO's mean, CI half-width and objective. */
export function renderFrontierCsv(r: SearchResult<ProbeVerdict>, sloNames: readonly string[]): string {
  const columns = ['probe', 'value', 'holds', 'runs', 'completed', ...sloNames.flatMap((n) => [n, `${n}_ci95`, `${n}_objective`])];
  const rows = r.probes.map((p, i) => {
    const out: Record<string, string | number> = { probe: i + 1, value: p.value, holds: p.holds ? 1 : 0, runs: p.detail.runs, completed: p.detail.completed };
    for (const s of p.detail.slos) {
      out[s.name] = Number(s.mean.toPrecision(6));
      out[`${s.name}_ci95`] = Number(s.halfWidth.toPrecision(3));
      out[`${s.name}_objective`] = s.objective;
    }
    return columns.map((c) => out[c] ?? '');
  });
  return stringify(rows, { header: true, columns });
}
