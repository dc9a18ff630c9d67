/** `kubesim merge DIR...`: the parts of a sharded sweep combined into one sweep directory, with its summary printed. */
import { mergeParts } from '../sweep/merge-parts.js';
import { defaultSweepDir, renderSweepSummary } from './sweep-command.js';

/** Options of `kubesim merge`. */
export interface MergeOptions {
  readonly out?: string;
  readonly quiet?: boolean;
}

/** Merges `dirs` and returns the merged directory; InputError on parts of different sweeps or missing runs. */
export function mergeCommand(dirs: readonly string[], options: MergeOptions = {}): string {
  const { outDir, layout, rows, parts } = mergeParts(dirs, (l) => options.out ?? defaultSweepDir(l.name));
  if (options.quiet !== true) {
    process.stdout.write(renderSweepSummary(layout, rows));
    process.stdout.write(`  merged ${parts} part${parts === 1 ? '' : 's'}, ${layout.runs.length} runs\n  results: ${outDir}\n`);
  }
  return outDir;
}
