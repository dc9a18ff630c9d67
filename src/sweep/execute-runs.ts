/**
 * Runs a sweep's runs on the worker pool, each writing its files the moment it completes, so
 * an interrupted sweep loses only the runs still in flight; runs already in the directory are
 * skipped. With every run present, sweep.csv and variants.csv are (re)written from the stored rows.
 */
import { join } from 'node:path';
import { writeFileAtomically } from '../cli/output-dir.js';
import type { Sweep, SweepLayout, SweepRun } from './load-sweep.js';
import type { RunPool } from './run-pool.js';
import { hasRun, readRow } from './sweep-dir.js';
import type { SweepRow } from './sweep-row.js';
import { renderSweepTables } from './sweep-tables.js';

/** Told how far a batch of runs has got. */
export interface RunsListener {
  /** Before the first run: how many of `total` runs are already done. */
  start(total: number, done: number): void;
  /** After each run is written. */
  runDone(run: SweepRun, wallSeconds: number): void;
  /** After the last run (or a failure). */
  stop(): void;
}

/** Runs every run of `runs` missing from `dir` on `pool`, writing each when it completes; returns how many ran. */
export async function executeRuns(dir: string, sweep: Sweep, runs: readonly SweepRun[], pool: RunPool, listener?: RunsListener): Promise<number> {
  const todo = runs.filter((r) => !hasRun(dir, r));
  listener?.start(runs.length, runs.length - todo.length);
  try {
    await Promise.all(todo.map(async (run) => {
      const out = await pool.run({ file: sweep.file, sets: [...sweep.sets, ...run.variant.sets], seed: run.seed, sweepDir: dir, dir: run.dir });
      listener?.runDone(run, out.wallSeconds);
    }));
  } finally {
    listener?.stop();
  }
  return todo.length;
}

/** The rows of every run of `sweep` from `dir`, in expansion order (all must be complete). */
export function readRows(dir: string, sweep: SweepLayout): SweepRow[] {
  return sweep.runs.map((r) => readRow(dir, r));
}

/** Writes sweep.csv and variants.csv of a complete sweep in `dir`; returns the rows. */
export function writeSweepTables(dir: string, sweep: SweepLayout): SweepRow[] {
  const rows = readRows(dir, sweep);
  for (const [name, text] of Object.entries(renderSweepTables(sweep, rows))) writeFileAtomically(join(dir, name), text);
  return rows;
}
