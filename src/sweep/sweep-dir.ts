/**
 * A sweep's directory on disk:
 *
 *   sweep.json                      what the sweep is (scenario, overrides, axes, variants, seeds, identity)
 *   part.json                       only in a shard's part: which shard (i of N)
 *   runs/<variant>/seed-<s>/        each run's files, written atomically when the run completes
 *   sweep.csv, variants.csv         written when every run is there (not in a part)
 *
 * A run is complete when its directory exists with `sweep-row.json`; everything else under runs/
 * (hidden temporary directories of an interrupted write) is removed when the sweep is reopened.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeFileAtomically, writeResultsAtomically } from '../cli/output-dir.js';
import { InputError } from '../scenario/input-error.js';
import { sweepRuns, type Sweep, type SweepLayout, type SweepRun } from './load-sweep.js';
import type { SweepRow } from './sweep-row.js';
import type { SweepValue } from '../scenario/compile-sweep.js';
import { makeVariant, type Assignment } from './variant.js';

/** The file in a run directory holding its sweep row. */
export const rowFile = 'sweep-row.json';

/** sweep.json: the description of a sweep, the same for every part and for the merged result. */
export interface SweepManifest {
  readonly kind: 'KubesimSweep';
  readonly scenario: string;
  readonly file: string;
  readonly identity: string;
  readonly sets: readonly string[];
  readonly axes: readonly { readonly key: string; readonly values: readonly SweepValue[]; readonly named?: Readonly<Record<string, readonly string[]>> }[];
  readonly seeds: readonly (number | string)[];
  readonly sloNames: readonly string[];
  readonly variants: readonly { readonly id: string; readonly assignments: readonly Assignment[] }[];
  readonly runs: number;
}

/** part.json: which shard a part holds. */
export interface PartManifest {
  readonly identity: string;
  readonly shard: number;
  readonly shards: number;
}

/** The manifest of `sweep` (file named by its base name only, so that where it lies does not matter). */
export function sweepManifest(sweep: Sweep): SweepManifest {
  return {
    kind: 'KubesimSweep',
    scenario: sweep.name,
    file: basename(sweep.file),
    identity: sweep.identity,
    sets: sweep.sets,
    axes: sweep.axes.map((a) => ({ key: a.key, values: a.values, ...(a.named === undefined ? {} : { named: a.named }) })),
    seeds: sweep.seeds,
    sloNames: sweep.sloNames,
    variants: sweep.variants.map((v) => ({ id: v.id, assignments: v.assignments })),
    runs: sweep.runs.length,
  };
}

/** The line (1-based) of `"key"` in a JSON text, for error positions. */
export function jsonKeyLine(text: string, key: string): number {
  const i = text.indexOf(`"${key}"`);
  return i < 0 ? 0 : text.slice(0, i).split('\n').length;
}

/** Reads a sweep.json; a missing or unreadable one is an InputError. */
export function readManifest(dir: string): SweepManifest {
  const file = join(dir, 'sweep.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError([{ file, line: 0, column: 0, path: [], message: 'missing: not a sweep directory or part (kubesim sweep writes one)' }]);
  }
  try {
    const m = JSON.parse(text) as SweepManifest;
    if (m.kind !== 'KubesimSweep' || typeof m.identity !== 'string') throw new Error('not a kubesim sweep manifest');
    return m;
  } catch (e) {
    throw new InputError([{ file, line: 1, column: 1, path: [], message: `corrupt: ${(e as Error).message}` }]);
  }
}

/** The layout a manifest describes (variants rebuilt from their assignments). */
export function layoutOf(m: SweepManifest): SweepLayout {
  const variants = m.variants.map((v) => makeVariant(v.assignments, m.axes));
  return { name: m.scenario, identity: m.identity, axes: m.axes, variants, seeds: m.seeds, runs: sweepRuns(variants, m.seeds), sloNames: m.sloNames };
}

/** Prepares `dir` for the sweep `manifest` describes (a new directory, or one of the same sweep to resume); another sweep's directory is an InputError. */
export function openSweepDir(dir: string, manifest: SweepManifest, part?: PartManifest): void {
  const manifestFile = join(dir, 'sweep.json');
  if (existsSync(manifestFile)) {
    const text = readFileSync(manifestFile, 'utf8');
    const old = readManifest(dir);
    if (old.identity !== manifest.identity) {
      throw new InputError([{
        file: manifestFile, line: jsonKeyLine(text, 'identity'), column: 3, path: ['identity'],
        message: `${dir} holds another sweep (${old.scenario}, identity ${old.identity}; this one is ${manifest.scenario}, ${manifest.identity}): use another --out or remove it`,
      }]);
    }
  } else writeFileAtomically(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  if (part !== undefined) writeFileAtomically(join(dir, 'part.json'), `${JSON.stringify(part, null, 2)}\n`);
  removeLeftovers(join(dir, 'runs'));
}

/** Removes hidden temporary directories an interrupted atomic write left under runs/. */
function removeLeftovers(runs: string): void {
  if (!existsSync(runs)) return;
  for (const variant of readdirSync(runs)) {
    const vdir = join(runs, variant);
    if (variant.startsWith('.')) {
      rmSync(vdir, { recursive: true, force: true });
      continue;
    }
    for (const entry of readdirSync(vdir)) if (entry.startsWith('.')) rmSync(join(vdir, entry), { recursive: true, force: true });
  }
}

/** Whether `run` is complete in `dir`. */
export function hasRun(dir: string, run: SweepRun): boolean {
  return existsSync(join(dir, run.dir, rowFile));
}

/** Writes a completed run's files (atomically, as one directory). */
export function writeRun(dir: string, run: SweepRun, files: Readonly<Record<string, string>>): void {
  writeResultsAtomically(join(dir, run.dir), files);
}

/** Reads a completed run's row. */
export function readRow(dir: string, run: SweepRun): SweepRow {
  const file = join(dir, run.dir, rowFile);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SweepRow;
  } catch (e) {
    throw new InputError([{ file, line: 0, column: 0, path: [], message: `unreadable sweep row: ${(e as Error).message}` }]);
  }
}

/** Reads every file of a completed run (relative name → text). */
export function readRunFiles(dir: string, run: SweepRun): Record<string, string> {
  const root = join(dir, run.dir);
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const name = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(name);
      else out[name] = readFileSync(join(root, name), 'utf8');
    }
  };
  walk('');
  return out;
}
