/** `kubesim report DIR`: rebuilds report.html of a run directory, or of a directory of runs (a comparison). */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { renderComparisonReport } from '../report/comparison-report.js';
import { loadRunDir } from '../report/run-data.js';
import { renderRunReport } from '../report/run-report.js';
import { InputError } from '../scenario/input-error.js';

/** Writes DIR/report.html and returns its path; InputError when DIR holds no readable results. */
export function reportCommand(dir: string): string {
  if (!existsSync(dir)) throw new InputError([{ file: dir, line: 0, column: 0, path: [], message: 'no such directory' }]);
  let html: string;
  if (existsSync(join(dir, 'summary.json'))) {
    html = renderRunReport(loadRunDir(dir));
  } else {
    const runs = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && existsSync(join(dir, e.name, 'summary.json')))
      .map((e) => e.name)
      .sort()
      .map((name) => loadRunDir(join(dir, name)));
    if (runs.length === 0) throw new InputError([{ file: dir, line: 0, column: 0, path: [], message: 'neither a run directory (summary.json) nor a directory of runs' }]);
    html = renderComparisonReport(basename(dir), runs);
  }
  const out = join(dir, 'report.html');
  writeFileSync(out, html);
  return out;
}
