/** `kubesim explain RUN_DIR POD`: why the scheduler put a pod where it did (or could not place it). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../scenario/input-error.js';
import type { Explanation } from '../scheduler/attempt-recorder.js';
import { describeExplanation } from '../scheduler/explanation-format.js';

function problem(file: string, line: number, message: string): InputError {
  return new InputError([{ file, line, column: line > 0 ? 1 : 0, path: [], message }]);
}

/** The explanation text for `pod` (`namespace/name`, or a name unique across namespaces) in `runDir`. */
export function explainCommand(runDir: string, pod: string): string {
  const file = join(runDir, 'explanations.jsonl');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw problem(file, 0, 'missing (not a kubesim run directory?)');
  }
  const matches: Explanation[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let e: Explanation;
    try {
      e = JSON.parse(line) as Explanation;
    } catch (err) {
      throw problem(file, i + 1, `corrupt JSON line: ${(err as Error).message}`);
    }
    if (e.pod === pod || e.pod.endsWith(`/${pod}`)) matches.push(e);
  });
  if (matches.length === 0) throw problem(file, 0, `no scheduling attempt recorded for pod "${pod}"`);
  if (matches.length > 1) throw problem(file, 0, `pod name "${pod}" is ambiguous: ${matches.map((m) => m.pod).join(', ')} (use namespace/name)`);
  return describeExplanation(matches[0] as Explanation);
}
