/**
 * `kubesim merge DIR...`: combines the parts of a sharded sweep (or any directories of the same
 * sweep) into one sweep directory with the same files a local sweep writes: sweep.json, every
 * run and sweep.csv / variants.csv. Parts of different sweeps, or a run no part has, are bad input.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError, type InputProblem } from '../scenario/input-error.js';
import { writeSweepTables } from './execute-runs.js';
import type { SweepLayout } from './load-sweep.js';
import { hasRun, jsonKeyLine, layoutOf, openSweepDir, readManifest, readRunFiles, writeRun, type SweepManifest } from './sweep-dir.js';
import type { SweepRow } from './sweep-row.js';

/** A part found on disk. */
interface Part {
  readonly dir: string;
  readonly manifest: SweepManifest;
}

/** The parts named by `dirs`: each is a part (or sweep) directory, or a directory whose subdirectories are. */
function findParts(dirs: readonly string[]): Part[] {
  const parts: Part[] = [];
  const problems: InputProblem[] = [];
  for (const dir of dirs) {
    if (existsSync(join(dir, 'sweep.json'))) {
      parts.push({ dir, manifest: readManifest(dir) });
      continue;
    }
    const subs = existsSync(dir) && statSync(dir).isDirectory()
      ? readdirSync(dir).sort().filter((d) => existsSync(join(dir, d, 'sweep.json'))).map((d) => join(dir, d))
      : [];
    if (subs.length === 0) problems.push({ file: dir, line: 0, column: 0, path: [], message: 'not a sweep part: no sweep.json in it or in its subdirectories' });
    for (const sub of subs) parts.push({ dir: sub, manifest: readManifest(sub) });
  }
  if (problems.length > 0) throw new InputError(problems);
  return parts;
}

/** Merges the parts in `dirs` into `out` (resumable: runs already in `out` are kept); returns the layout and rows. */
export function mergeParts(dirs: readonly string[], out: (layout: SweepLayout) => string): { outDir: string; layout: SweepLayout; rows: SweepRow[]; parts: number } {
  const parts = findParts(dirs);
  const first = parts[0] as Part;
  const problems: InputProblem[] = [];
  for (const p of parts.slice(1)) {
    if (p.manifest.identity === first.manifest.identity) continue;
    const file = join(p.dir, 'sweep.json');
    problems.push({
      file, line: jsonKeyLine(readFileSync(file, 'utf8'), 'identity'), column: 3, path: ['identity'],
      message: `part of a different sweep: ${p.manifest.scenario} ${p.manifest.identity}, but ${join(first.dir, 'sweep.json')} is ${first.manifest.scenario} ${first.manifest.identity} (another scenario text, --set, sweep or seeds)`,
    });
  }
  if (problems.length > 0) throw new InputError(problems);
  const layout = layoutOf(first.manifest);
  const outDir = out(layout);
  const missing = layout.runs.filter((r) => !parts.some((p) => hasRun(p.dir, r)) && !hasRun(outDir, r));
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).map((r) => `${r.variant.id} seed ${String(r.seed)}`).join('; ');
    throw new InputError([{
      file: dirs.join(' '), line: 0, column: 0, path: [],
      message: `incomplete: ${missing.length} of ${layout.runs.length} runs are in no part (${shown}${missing.length > 5 ? '; ...' : ''}); finish or rerun the shards that hold them`,
    }]);
  }
  openSweepDir(outDir, first.manifest);
  for (const run of layout.runs) {
    if (hasRun(outDir, run)) continue;
    const from = parts.find((p) => hasRun(p.dir, run)) as Part;
    if (resolve(from.dir) !== resolve(outDir)) writeRun(outDir, run, readRunFiles(from.dir, run));
  }
  return { outDir, layout, rows: writeSweepTables(outDir, layout), parts: parts.length };
}
