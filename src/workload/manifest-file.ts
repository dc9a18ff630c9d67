/**
 * A multi-document YAML file of Kubernetes manifests (`---` separated, as `kubectl apply -f`
 * takes), read relative to the scenario; every document is compiled with its own positions, so a
 * problem names the manifest file, its line and the field path within the document.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CompileContext } from '../scenario/compile-context.js';
import { InputError, type FieldPath } from '../scenario/input-error.js';
import { ScenarioSource } from '../scenario/source.js';
import { compileManifest, type CompiledManifest } from './manifest-objects.js';

/** Compiles the manifests of `file` (relative to the scenario; `at` locates the field naming it). */
export function compileManifestFile(ctx: CompileContext, at: FieldPath, file: string, namespace: string): CompiledManifest[] | undefined {
  const full = resolve(dirname(ctx.source.file), file);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (e) {
    ctx.problem(at, `cannot read manifest file: ${(e as Error).message}`);
    return undefined;
  }
  let docs: ScenarioSource[];
  try {
    docs = ScenarioSource.parseAll(file, text);
  } catch (e) {
    if (e instanceof InputError) {
      ctx.problems.push(...e.problems);
      return undefined;
    }
    throw e;
  }
  const out: CompiledManifest[] = [];
  for (const doc of docs) {
    const docCtx = new CompileContext(doc, ctx.scope, ctx);
    const m = compileManifest(docCtx, [], doc.toJS(), namespace);
    if (m !== undefined) out.push(m);
  }
  return out;
}
