/** Loads, overrides and compiles a scenario file (the first half of `run` and all of `validate`). */
import { compileScenario } from '../scenario/compile.js';
import { loadOutOfTreePlugins } from '../scenario/out-of-tree-plugins.js';
import { ScenarioSource } from '../scenario/source.js';
import { newInTreeRegistry } from '../scheduler/in-tree-registry.js';
import type { ScenarioSpec } from '../scenario/spec.js';

/** Options of the commands that read a scenario. */
export interface LoadOptions {
  readonly seed?: number | string;
  readonly sets?: readonly string[];
}

/** Reads and validates `file` with --set overrides, loading out-of-tree scheduler plugins first; rejects with InputError on any problem. */
export async function loadScenario(file: string, options: LoadOptions = {}): Promise<ScenarioSpec> {
  const source = ScenarioSource.load(file);
  source.applySets(options.sets ?? []);
  const registry = newInTreeRegistry();
  await loadOutOfTreePlugins(source, registry);
  return compileScenario(source, { registry, ...(options.seed === undefined ? {} : { seed: options.seed }) });
}
