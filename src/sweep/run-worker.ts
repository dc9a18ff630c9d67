/**
 * The worker-thread side of a sweep (a piscina task module): loads the scenario with a variant's
 * overrides and a seed, runs it and writes the run's result files, its sweep row among them, as
 * one directory renamed into place, so a run is either complete in the sweep directory or absent.
 * Writing in the worker keeps the megabytes of a run's files off the parent thread, which would
 * otherwise copy and write every run's texts one after the other.
 */
import { join } from 'node:path';
import { loadScenario } from '../cli/load-scenario.js';
import { writeResultsAtomically } from '../cli/output-dir.js';
import { renderResultFiles, runReport } from '../cli/run-command.js';
import { runScenario } from '../scenario/runner.js';
import { rowFile } from './sweep-dir.js';
import { sweepRow } from './sweep-row.js';

/** One run to do: the scenario file, every override (the sweep's, then the variant's), the seed, the sweep directory and the run's directory inside it. */
export interface RunTask {
  readonly file: string;
  readonly sets: readonly string[];
  readonly seed: number | string;
  readonly sweepDir: string;
  readonly dir: string;
}

/** A finished run: the wall seconds it took (its files are in the sweep directory; summary.json's wallSeconds is 0, so every file is reproducible). */
export interface RunOutput {
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
  writeResultsAtomically(join(task.sweepDir, task.dir), files);
  return { wallSeconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
