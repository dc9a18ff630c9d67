/**
 * The worker-thread side of a sweep (a piscina task module): loads the scenario with a variant's
 * overrides and a seed, runs it and returns the run's result files as texts, its sweep row
 * among them. The parent writes them; a worker never touches the sweep directory.
 */
import { loadScenario } from '../cli/load-scenario.js';
import { renderResultFiles, runReport } from '../cli/run-command.js';
import { runScenario } from '../scenario/runner.js';
import { rowFile } from './sweep-dir.js';
import { sweepRow } from './sweep-row.js';

/** One run to do: the scenario file, every override (the sweep's, then the variant's), the seed and the run's directory inside the sweep. */
export interface RunTask {
  readonly file: string;
  readonly sets: readonly string[];
  readonly seed: number | string;
  readonly dir: string;
}

/** A finished run: its files by name (summary.json's wallSeconds is 0, so every file is reproducible) and the wall seconds it took. */
export interface RunOutput {
  readonly files: Record<string, string>;
  readonly wallSeconds: number;
}

/** Runs `task` (the pool's entry point; also callable in-process). */
export default async function runTask(task: RunTask): Promise<RunOutput> {
  const started = process.hrtime.bigint();
  const spec = await loadScenario(task.file, { sets: task.sets, seed: task.seed });
  const result = runScenario(spec);
  const report = runReport(result, 0);
  const files = { ...renderResultFiles(report, result.explanations, task.dir), ...result.files };
  files[rowFile] = `${JSON.stringify(sweepRow(result, report.slos))}\n`;
  return { files, wallSeconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
