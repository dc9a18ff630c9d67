/**
 * A run's saved results read back for reporting: summary.json, timeseries.csv and pods.csv,
 * checked as they are parsed so that a missing or corrupt file is an InputError naming the file,
 * line and field.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { SummaryFields } from '../metrics/reporters/run-report.js';
import { InputError, type InputProblem } from '../scenario/input-error.js';

/** summary.json as written by `kubesim run`. */
export type SummaryFile = SummaryFields;

/** One sampled series: metric name, labels and its points (seconds, value). */
export interface Series {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly t: number[];
  readonly v: number[];
}

/** One pod row of pods.csv (times in seconds; undefined when the step did not happen). */
export interface PodRow {
  readonly name: string;
  readonly node: string;
  readonly created: number;
  readonly scheduled: number | undefined;
  readonly running: number | undefined;
  readonly startup: number | undefined;
}

/** Everything the report needs from one run directory. */
export interface RunData {
  readonly dir: string;
  readonly summary: SummaryFile;
  readonly series: ReadonlyMap<string, Series>;
  readonly pods: readonly PodRow[];
}

/** The three result files' texts. */
export interface ResultTexts {
  readonly 'summary.json': string;
  readonly 'timeseries.csv': string;
  readonly 'pods.csv': string;
}

const summaryKeys = ['scenario', 'seed', 'params', 'simSeconds', 'events', 'metrics', 'slos'] as const;
const podColumns = ['namespace', 'name', 'node', 'created_s', 'scheduled_s', 'running_s', 'observed_running_s', 'startup_latency_s', 'failed_reason'];

/** Reads `dir`'s result files; a missing or corrupt file throws InputError. */
export function loadRunDir(dir: string): RunData {
  const texts: Record<string, string> = {};
  for (const name of ['summary.json', 'timeseries.csv', 'pods.csv']) {
    try {
      texts[name] = readFileSync(join(dir, name), 'utf8');
    } catch {
      throw new InputError([{ file: join(dir, name), line: 0, column: 0, path: [], message: 'missing (not a kubesim run directory?)' }]);
    }
  }
  return parseRunData(dir, texts as unknown as ResultTexts);
}

/** Parses the result texts of a run written into `dir`. */
export function parseRunData(dir: string, texts: ResultTexts): RunData {
  return {
    dir,
    summary: parseSummary(join(dir, 'summary.json'), texts['summary.json']),
    series: parseTimeseries(join(dir, 'timeseries.csv'), texts['timeseries.csv']),
    pods: parsePods(join(dir, 'pods.csv'), texts['pods.csv']),
  };
}

function fail(file: string, line: number, message: string, path: (string | number)[] = []): never {
  const p: InputProblem = { file, line, column: line > 0 ? 1 : 0, path, message };
  throw new InputError([p]);
}

function parseSummary(file: string, text: string): SummaryFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const line = m === null ? 0 : text.slice(0, Number(m[1])).split('\n').length;
    fail(file, line, `corrupt JSON: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== 'object') fail(file, 1, 'expected a JSON object');
  for (const k of summaryKeys) if (!(k in value)) fail(file, 1, 'required field is missing', [k]);
  return value as SummaryFile;
}

function rows(file: string, text: string, columns: readonly string[]): string[][] {
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: false }) as string[][];
  } catch (e) {
    const err = e as Error & { lines?: number };
    fail(file, err.lines ?? 0, `corrupt CSV: ${err.message}`);
  }
  const header = records[0];
  if (header === undefined || header.join(',') !== columns.join(',')) fail(file, 1, `expected the header ${columns.join(',')}`);
  return records.slice(1);
}

function num(file: string, line: number, column: string, text: string | undefined, optional: boolean): number | undefined {
  if (text === undefined || text === '') {
    if (optional) return undefined;
    fail(file, line, 'a number is required', [column]);
  }
  const v = Number(text);
  if (!Number.isFinite(v)) fail(file, line, `not a number: "${text}"`, [column]);
  return v;
}

/** Splits `name{a="x",b="y"}` into its name and labels. */
export function parseSeriesName(series: string): { name: string; labels: Record<string, string> } {
  const i = series.indexOf('{');
  if (i < 0) return { name: series, labels: {} };
  const labels: Record<string, string> = {};
  const re = /([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(series.slice(i))) !== null) labels[m[1] as string] = (m[2] as string).replace(/\\(.)/g, '$1');
  return { name: series.slice(0, i), labels };
}

function parseTimeseries(file: string, text: string): Map<string, Series> {
  const out = new Map<string, Series>();
  rows(file, text, ['time_s', 'series', 'value']).forEach((r, i) => {
    const line = i + 2;
    const t = num(file, line, 'time_s', r[0], false) as number;
    const v = num(file, line, 'value', r[2], false) as number;
    const key = r[1] ?? '';
    if (key === '') fail(file, line, 'a series name is required', ['series']);
    let s = out.get(key);
    if (s === undefined) out.set(key, (s = { ...parseSeriesName(key), t: [], v: [] }));
    s.t.push(t);
    s.v.push(v);
  });
  return out;
}

function parsePods(file: string, text: string): PodRow[] {
  return rows(file, text, podColumns).map((r, i) => {
    const line = i + 2;
    return {
      name: `${r[0] ?? ''}/${r[1] ?? ''}`,
      node: r[2] ?? '',
      created: num(file, line, 'created_s', r[3], false) as number,
      scheduled: num(file, line, 'scheduled_s', r[4], true),
      running: num(file, line, 'running_s', r[5], true),
      startup: num(file, line, 'startup_latency_s', r[7], true),
    };
  });
}
