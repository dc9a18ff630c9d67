/**
 * A scenario file as parsed YAML that remembers where every value came from, so any problem can
 * be reported with its line and column. `--set path=value` overrides are applied to the document.
 */
import { readFileSync } from 'node:fs';
import { isCollection, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, parseDocument, YAMLMap, type Document, type Node } from 'yaml';
import { InputError, type FieldPath, type InputProblem } from './input-error.js';

/** A parsed scenario document with positions. */
export class ScenarioSource {
  private readonly overridden = new Set<string>();

  /** @param document which document of a multi-document file this is (1-based), undefined for a single document. */
  private constructor(readonly file: string, private readonly doc: Document, private readonly lines: LineCounter, private readonly document?: number) {}

  /** Reads and parses `file`; malformed YAML throws an InputError with the parser's position. */
  static load(file: string): ScenarioSource {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new InputError([{ file, line: 0, column: 0, path: [], message: `cannot read file: ${(e as Error).message}` }]);
    }
    return ScenarioSource.parse(file, text);
  }

  /** Parses YAML `text` named `file`. */
  static parse(file: string, text: string): ScenarioSource {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      throw new InputError(
        doc.errors.map((err) => {
          const pos = lines.linePos(err.pos[0]);
          return { file, line: pos.line, column: pos.col, path: [], message: `malformed YAML: ${err.message.split('\n')[0] ?? ''}` };
        }),
      );
    }
    return new ScenarioSource(file, doc, lines);
  }

  /** Parses a multi-document YAML `text` named `file` (Kubernetes manifests): one source per non-empty document, positions in the whole file. */
  static parseAll(file: string, text: string): ScenarioSource[] {
    const lines = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const list = Array.isArray(docs) ? docs : [];
    const errors = list.flatMap((d) => d.errors);
    if (errors.length > 0) {
      throw new InputError(errors.map((err) => {
        const pos = lines.linePos(err.pos[0]);
        return { file, line: pos.line, column: pos.col, path: [], message: `malformed YAML: ${err.message.split('\n')[0] ?? ''}` };
      }));
    }
    const nonEmpty = list.filter((d) => d.contents !== null);
    return nonEmpty.map((d, i) => new ScenarioSource(file, d, lines, nonEmpty.length > 1 ? i + 1 : undefined));
  }

  /** Which document of its file a problem is in, for files of several: `document 2 (Deployment "web")`. */
  private documentLabel(): string | undefined {
    if (this.document === undefined) return undefined;
    const kind = this.doc.get('kind');
    const name = this.doc.getIn(['metadata', 'name']);
    return typeof kind === 'string' && typeof name === 'string' ? `document ${this.document} (${kind} "${name}")` : `document ${this.document}`;
  }

  /** The document as plain JavaScript values. */
  toJS(): unknown {
    return this.doc.toJS({ maxAliasCount: 100 });
  }

  /** Applies `--set path=value` overrides; a bare name means `params.<name>`. Values are parsed as YAML scalars. */
  applySets(sets: readonly string[]): void {
    const problems: InputProblem[] = [];
    for (const s of sets) {
      const eq = s.indexOf('=');
      if (eq <= 0) {
        problems.push({ file: '--set', line: 0, column: 0, path: [], message: `expected path=value, got "${s}"` });
        continue;
      }
      const raw = s.slice(0, eq).trim();
      const path = parsePath(raw.includes('.') || raw.includes('[') ? raw : `params.${raw}`);
      if (path === undefined) {
        problems.push({ file: '--set', line: 0, column: 0, path: [], message: `bad path "${raw}" (use a.b[0].c)` });
        continue;
      }
      const value = parseDocument(s.slice(eq + 1)).toJS() as unknown;
      this.doc.setIn(path, this.doc.createNode(value));
      this.overridden.add(JSON.stringify(path));
    }
    if (problems.length > 0) throw new InputError(problems);
  }

  /** A problem at `path`, located at the deepest existing node on it. */
  problem(path: FieldPath, message: string): InputProblem {
    for (let n = path.length; n >= 0; n--) {
      const prefix = path.slice(0, n);
      if (this.overridden.has(JSON.stringify(prefix))) return { file: `--set ${pathText(prefix)}`, line: 0, column: 0, path, message };
      const node = n === 0 ? this.doc.contents : this.doc.getIn(prefix, true);
      const range = nodeRange(node);
      if (range !== undefined) {
        const pos = this.lines.linePos(keyOffset(this.doc, prefix) ?? range);
        return this.inDocument({ file: this.file, line: pos.line, column: pos.col, path, message });
      }
    }
    return this.inDocument({ file: this.file, line: 0, column: 0, path, message });
  }

  private inDocument(p: InputProblem): InputProblem {
    const document = this.documentLabel();
    return document === undefined ? p : { ...p, document };
  }
}

function pathText(path: FieldPath): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[');
}

function nodeRange(node: unknown): number | undefined {
  if (isScalar(node) || isCollection(node)) return (node as Node).range?.[0];
  return undefined;
}

/** The offset of the key naming the last element of `path` in its parent map (for good line numbers). */
function keyOffset(doc: Document, path: FieldPath): number | undefined {
  if (path.length === 0) return undefined;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (!isMap(parent) || typeof last !== 'string') return isSeq(parent) ? nodeRange(parent.items[last as number]) : undefined;
  const pair = (parent as YAMLMap).items.find((p) => isScalar(p.key) && p.key.value === last);
  return pair !== undefined && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
}

/** Parses `a.b[0].c` into a field path, or undefined when malformed. */
export function parsePath(text: string): FieldPath | undefined {
  const out: (string | number)[] = [];
  const re = /([A-Za-z0-9_\-/]+)|\[(\d+)\]|(\.)/gy;
  let m: RegExpExecArray | null;
  let expectKey = true;
  while ((m = re.exec(text)) !== null) {
    if (m[1] !== undefined) {
      if (!expectKey) return undefined;
      out.push(m[1]);
      expectKey = false;
    } else if (m[2] !== undefined) {
      out.push(Number(m[2]));
      expectKey = false;
    } else expectKey = true;
    if (re.lastIndex === text.length) return expectKey ? undefined : out;
  }
  return undefined;
}
