/**
 * Loads user scheduler plugins named in `cluster.scheduler.outOfTreePlugins[].path` (relative to
 * the scenario file) before validation: JavaScript modules are imported as they are, TypeScript
 * is bundled with esbuild first. A module exports `default` or `plugins`: one PluginDefinition
 * (`{ name, factory }`) or a list of them, written against the same interfaces as in-tree plugins.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import type { PluginDefinition, Registry } from '../scheduler/framework/registry.js';
import { InputError, type InputProblem } from './input-error.js';
import type { ScenarioSource } from './source.js';

function isDefinition(x: unknown): x is PluginDefinition {
  const d = x as { name?: unknown; factory?: unknown } | null;
  return d !== null && typeof d === 'object' && typeof d.name === 'string' && d.name !== '' && typeof d.factory === 'function';
}

async function importModule(file: string): Promise<Record<string, unknown>> {
  if (!/\.(c|m)?tsx?$/.test(file)) return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const out = join(mkdtempSync(join(tmpdir(), 'kubesim-plugin-')), 'plugin.mjs');
  const built = buildSync({ entryPoints: [file], bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'silent' });
  writeFileSync(out, built.outputFiles[0]?.text ?? '');
  return (await import(pathToFileURL(out).href)) as Record<string, unknown>;
}

/** Imports every out-of-tree plugin module of `source` and registers its plugins; problems are InputErrors at the path's field. */
export async function loadOutOfTreePlugins(source: ScenarioSource, registry: Registry): Promise<void> {
  const doc = source.toJS() as { cluster?: { scheduler?: { outOfTreePlugins?: unknown } } } | null;
  const list = doc?.cluster?.scheduler?.outOfTreePlugins;
  if (!Array.isArray(list)) return;
  const problems: InputProblem[] = [];
  for (const [i, entry] of list.entries()) {
    const at = ['cluster', 'scheduler', 'outOfTreePlugins', i, 'path'];
    const rel = (entry as { path?: unknown } | null)?.path;
    if (typeof rel !== 'string') continue; // the schema reports it
    const file = resolve(dirname(source.file), rel);
    if (!existsSync(file)) {
      problems.push(source.problem(at, `plugin module not found: ${file}`));
      continue;
    }
    let mod: Record<string, unknown>;
    try {
      mod = await importModule(file);
    } catch (e) {
      problems.push(source.problem(at, `cannot load plugin module ${file}: ${(e as Error).message.split('\n')[0] ?? ''}`));
      continue;
    }
    const exported = mod['plugins'] ?? mod['default'];
    const defs = Array.isArray(exported) ? exported : [exported];
    if (defs.length === 0 || !defs.every(isDefinition)) {
      problems.push(source.problem(at, `${file} does not export a plugin: expected \`export default { name, factory }\` or \`export const plugins = [{ name, factory }, ...]\``));
      continue;
    }
    for (const d of defs) {
      try {
        registry.register(d.name, d.factory);
      } catch (e) {
        problems.push(source.problem(at, (e as Error).message));
      }
    }
  }
  if (problems.length > 0) throw new InputError(problems);
}
