/** Problems with user input, each located by file, line, column and field path. */

/** A path into the scenario document: keys and array indices. */
export type FieldPath = readonly (string | number)[];

/** One problem in an input file. */
export interface InputProblem {
  readonly file: string;
  /** 1-based line, 0 when unknown (e.g. a value given with --set). */
  readonly line: number;
  readonly column: number;
  readonly path: FieldPath;
  readonly message: string;
  /** In a file of several YAML documents (manifests), which one: `document 2 (Deployment "web")`. */
  readonly document?: string;
}

/** Thrown when input is invalid; carries every problem found. The CLI exits with status 2. */
export class InputError extends Error {
  constructor(readonly problems: readonly InputProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

/** Renders a path as `workload[3].count`. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(p)) out += out === '' ? p : `.${p}`;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

/** Renders a problem as `file:line:column: path: message`. */
export function formatProblem(p: InputProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file;
  const field = p.path.length > 0 ? `${formatPath(p.path)}: ` : '';
  const document = p.document === undefined ? '' : `${p.document}: `;
  return `${where}: ${document}${field}${p.message}`;
}
