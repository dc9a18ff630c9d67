/**
 * The Alibaba GPU-sharing trace (cluster-trace-gpu-v2023, "openb", used by the FGD paper) read
 * with csv-parse: a node list (`sn,cpu_milli,memory_mib,gpu,model`) and a pod list
 * (`name,cpu_milli,memory_mib,num_gpu,gpu_milli` and optionally `gpu_spec,qos,pod_phase,
 * creation_time,deletion_time,scheduled_time`; the multigpu variants carry only the first five).
 * Every bad cell is reported with its file, line and column: a missing column, a value that is
 * not a number, a negative amount, `gpu_milli` above 1000.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { InputError, type InputProblem } from '../scenario/input-error.js';

/** One node of the trace. */
export interface TraceNode {
  readonly name: string;
  readonly milliCpu: number;
  readonly memoryMib: number;
  readonly gpuCount: number;
  /** GPU model (empty for CPU-only nodes). */
  readonly gpuModel: string;
}

/** One pod (task) of the trace; times in seconds, undefined when the file has no such column. */
export interface TracePod {
  readonly name: string;
  readonly milliCpu: number;
  readonly memoryMib: number;
  readonly gpuCount: number;
  /** Milli of each GPU (a share of one GPU when below 1000 with one GPU). */
  readonly gpuMilli: number;
  /** Acceptable GPU models (empty: any). */
  readonly gpuModels: readonly string[];
  readonly creationTime: number | undefined;
  readonly deletionTime: number | undefined;
}

const nodeColumns = ['sn', 'cpu_milli', 'memory_mib', 'gpu', 'model'] as const;
const podColumns = ['name', 'cpu_milli', 'memory_mib', 'num_gpu', 'gpu_milli'] as const;

type Row = { readonly cells: readonly string[]; readonly line: number };

/** A parsed CSV: header and rows with the line each row is on. */
interface Table {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly Row[];
}

function readTable(file: string): Table {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError([{ file, line: 0, column: 0, path: [], message: `cannot read trace file: ${(e as Error).message}` }]);
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const err = e as Error & { lines?: number; column?: number };
    throw new InputError([{ file, line: err.lines ?? 0, column: 0, path: [], message: `malformed CSV: ${err.message}` }]);
  }
  const [head, ...body] = records;
  if (head === undefined) throw new InputError([{ file, line: 1, column: 1, path: [], message: 'empty trace file (expected a header row)' }]);
  return { file, header: head.record, rows: body.map((r) => ({ cells: r.record, line: r.info.lines })) };
}

/** Reads cells of one table, collecting located problems. */
class CellReader {
  readonly problems: InputProblem[] = [];
  private readonly index = new Map<string, number>();

  constructor(private readonly t: Table, required: readonly string[]) {
    t.header.forEach((h, i) => this.index.set(h, i));
    for (const c of required) {
      if (!this.index.has(c)) this.problems.push({ file: t.file, line: 1, column: 1, path: [c], message: `missing column "${c}" (header: ${t.header.join(',')})` });
    }
  }

  has(column: string): boolean {
    return this.index.has(column);
  }

  text(row: Row, column: string): string {
    return row.cells[this.index.get(column) ?? -1] ?? '';
  }

  /** A non-negative number (whole when `integer`) at most `max`; NaN (with a problem) otherwise, or NaN silently when optional and empty. */
  amount(row: Row, column: string, opts: { integer?: boolean; max?: number; optional?: boolean } = {}): number {
    const i = this.index.get(column) ?? -1;
    const raw = row.cells[i];
    const at = { file: this.t.file, line: row.line, column: i + 1, path: [column] };
    if (raw === undefined || raw === '') {
      if (opts.optional !== true) this.problems.push({ ...at, message: 'missing value' });
      return NaN;
    }
    const v = Number(raw);
    if (!Number.isFinite(v)) this.problems.push({ ...at, message: `not a number: "${raw}"` });
    else if (v < 0) this.problems.push({ ...at, message: `must be >= 0, got ${raw}` });
    else if (opts.integer === true && !Number.isInteger(v)) this.problems.push({ ...at, message: `must be a whole number, got ${raw}` });
    else if (opts.max !== undefined && v > opts.max) this.problems.push({ ...at, message: `must be <= ${opts.max}, got ${raw}` });
    else return v;
    return NaN;
  }

  /** Throws the problems found so far (the first 50) as one InputError. */
  done(): void {
    if (this.problems.length > 0) throw new InputError(this.problems.slice(0, 50));
  }
}

/** Reads a node list; throws InputError locating every bad cell. */
export function readTraceNodes(file: string): TraceNode[] {
  const t = readTable(file);
  const r = new CellReader(t, nodeColumns);
  r.done();
  const nodes = t.rows.map((row) => ({
    name: r.text(row, 'sn'),
    milliCpu: r.amount(row, 'cpu_milli', { integer: true }),
    memoryMib: r.amount(row, 'memory_mib', { integer: true }),
    gpuCount: r.amount(row, 'gpu', { integer: true }),
    gpuModel: r.text(row, 'model'),
  }));
  r.done();
  return nodes;
}

/** Reads a pod list; throws InputError locating every bad cell. `needTimes` requires the creation and deletion columns. */
export function readTracePods(file: string, needTimes = false): TracePod[] {
  const t = readTable(file);
  const r = new CellReader(t, needTimes ? [...podColumns, 'creation_time', 'deletion_time'] : podColumns);
  r.done();
  const spec = r.has('gpu_spec');
  const times = r.has('creation_time') && r.has('deletion_time');
  const pods = t.rows.map((row) => {
    const creation = times ? r.amount(row, 'creation_time', { optional: !needTimes }) : NaN;
    const deletion = times ? r.amount(row, 'deletion_time', { optional: true }) : NaN;
    return {
      name: r.text(row, 'name'),
      milliCpu: r.amount(row, 'cpu_milli', { integer: true }),
      memoryMib: r.amount(row, 'memory_mib', { integer: true }),
      gpuCount: r.amount(row, 'num_gpu', { integer: true }),
      gpuMilli: r.amount(row, 'gpu_milli', { integer: true, max: 1000 }),
      gpuModels: spec ? r.text(row, 'gpu_spec').split('|').filter((m) => m !== '') : [],
      creationTime: Number.isNaN(creation) ? undefined : creation,
      deletionTime: Number.isNaN(deletion) ? undefined : deletion,
    };
  });
  r.done();
  return pods;
}
