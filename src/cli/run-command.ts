/** `kubesim run`: validate, run with progress, write the results atomically, print the summary. */
import { checkSlos } from '../metrics/stated-slos.js';
import { renderPodsCsv, renderTimeseriesCsv } from '../metrics/reporters/csv-files.js';
import { renderPrometheus } from '../metrics/reporters/prometheus.js';
import type { RunReport } from '../metrics/reporters/run-report.js';
import { renderSummaryJson } from '../metrics/reporters/summary-json.js';
import { renderTerminalTable } from '../metrics/reporters/terminal-table.js';
import { parseRunData } from '../report/run-data.js';
import { renderRunReport } from '../report/run-report.js';
import { runScenario, type RunResult } from '../scenario/runner.js';
import type { Explanation } from '../scheduler/attempt-recorder.js';
import { renderExplanations } from '../scheduler/explanation-format.js';
import { loadScenario, type LoadOptions } from './load-scenario.js';
import { defaultOutDir } from './run-label.js';
import { writeResultsAtomically } from './output-dir.js';
import { ProgressDisplay } from './progress.js';

/** Options of `kubesim run`. */
export interface RunOptions extends LoadOptions {
  readonly out?: string;
  readonly quiet?: boolean;
  readonly progress?: boolean;
}

/** What a finished run produced and where it was written. */
export interface RunOutcome {
  readonly report: RunReport;
  readonly outDir: string;
  readonly files: Readonly<Record<string, string>>;
}

/** The report of a finished run: its results plus the SLO checks and the measured wall time. */
export function runReport(result: RunResult, wallSeconds: number): RunReport {
  const spec = result.spec;
  return {
    scenario: spec.name,
    seed: spec.seed,
    params: spec.params,
    simSeconds: result.simSeconds,
    wallSeconds: Number(wallSeconds.toFixed(3)),
    events: result.events,
    completed: result.completed,
    metrics: result.metrics,
    slos: checkSlos(result.metrics, spec.slos),
    warnings: result.warnings,
    pods: result.pods,
    points: result.points,
  };
}

/** The result files of a run, by file name; report.html is built from the other files as `kubesim report` would. */
export function renderResultFiles(report: RunReport, explanations: readonly Explanation[], dir = '.'): Record<string, string> {
  const texts = {
    'summary.json': renderSummaryJson(report),
    'timeseries.csv': renderTimeseriesCsv(report),
    'pods.csv': renderPodsCsv(report),
  };
  return {
    ...texts,
    'metrics.prom': renderPrometheus(report),
    'explanations.jsonl': renderExplanations(explanations),
    'report.html': renderRunReport(parseRunData(dir, texts)),
  };
}

/** Runs `file` and writes its results; InputError propagates before anything is written. */
export async function runCommand(file: string, options: RunOptions = {}): Promise<RunOutcome> {
  const spec = await loadScenario(file, options);
  const started = process.hrtime.bigint();
  const progress = options.progress === true && options.quiet !== true ? new ProgressDisplay(spec.duration) : undefined;
  const result = runScenario(spec, progress === undefined ? {} : { onProgress: (now, events) => progress.update(now, events) });
  progress?.stop();
  const report = runReport(result, Number(process.hrtime.bigint() - started) / 1e9);
  const outDir = options.out ?? defaultOutDir(spec.name, spec.seed, options.sets ?? []);
  const files = { ...renderResultFiles(report, result.explanations, outDir), ...result.files };
  writeResultsAtomically(outDir, files);
  if (options.quiet !== true) {
    process.stdout.write(renderTerminalTable(report));
    process.stdout.write(`  results: ${outDir}\n`);
  }
  return { report, outDir, files };
}
