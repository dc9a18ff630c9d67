/**
 * Writes a run's files atomically: everything goes to a temporary sibling directory which is
 * renamed into place at the end, so a failed or interrupted run never leaves a partial result
 * and earlier results stay until the new ones are complete.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Writes `files` (relative path → content) as directory `dir`, replacing any previous one only on success. */
export function writeResultsAtomically(dir: string, files: Readonly<Record<string, string>>): void {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(dir)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(tmp, name)), { recursive: true });
      writeFileSync(join(tmp, name), content);
    }
    const old = join(parent, `.${basename(dir)}.old-${process.pid}`);
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(tmp, dir);
    rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Writes one file atomically: a temporary sibling renamed over `file`, so readers see the old or the new text, never a part. */
export function writeFileAtomically(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.tmp-${process.pid}`);
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}
