/** Loads, overrides and compiles a scenario file (the first half of `run` and all of `validate`). */
import { compileScenario } from '../scenario/compile.js';
import { ScenarioSource } from '../scenario/source.js';
import type { ScenarioSpec } from '../scenario/spec.js';

/** Options of the commands that read a scenario. */
export interface LoadOptions {
  readonly seed?: number;
  readonly sets?: readonly string[];
}

/** Reads and validates `file` with --set overrides; throws InputError on any problem. */
export function loadScenario(file: string, options: LoadOptions = {}): ScenarioSpec {
  const source = ScenarioSource.load(file);
  source.applySets(options.sets ?? []);
  return compileScenario(source, options.seed === undefined ? {} : { seed: options.seed });
}
