/** `explanations.jsonl` (one scheduling explanation per line) and its human-readable rendering for `kubesim explain`. */
import type { Explanation } from './attempt-recorder.js';

/** One JSON object per line, numbers rounded to 4 decimals. */
export function renderExplanations(explanations: readonly Explanation[]): string {
  const round = (x: number): number => Math.round(x * 1e4) / 1e4;
  return explanations
    .map((e) => JSON.stringify({ ...e, scores: Object.fromEntries(Object.entries(e.scores).map(([k, [a, b]]) => [k, [round(a), round(b)]])) }))
    .map((line) => `${line}\n`)
    .join('');
}

/** A few lines for a person: where the pod went, what filtered nodes out, how the winner outscored the runner-up. */
export function describeExplanation(e: Explanation): string {
  const lines: string[] = [];
  if (e.result === 'scheduled') lines.push(`pod ${e.pod} → node ${e.node} (${e.feasible} feasible of ${e.evaluated} evaluated, ${e.nodes} nodes)`);
  else lines.push(`pod ${e.pod} is unschedulable: ${e.message}`);
  const rejected = Object.entries(e.rejected).sort((a, b) => b[1] - a[1]);
  if (rejected.length > 0) {
    lines.push('filtered out:');
    for (const [plugin, n] of rejected) lines.push(`  ${plugin.padEnd(34)} ${n} node(s)`);
  }
  const scores = Object.entries(e.scores);
  if (scores.length > 0) {
    lines.push(`weighted scores: ${e.node} vs runner-up ${e.runnerUp === '' ? '(none)' : e.runnerUp}`);
    let a = 0;
    let b = 0;
    for (const [plugin, [x, y]] of scores) {
      a += x;
      b += y;
      lines.push(`  ${plugin.padEnd(34)} ${x.toFixed(1).padStart(7)} ${y.toFixed(1).padStart(7)}`);
    }
    lines.push(`  ${'total'.padEnd(34)} ${a.toFixed(1).padStart(7)} ${b.toFixed(1).padStart(7)}`);
  }
  return `${lines.join('\n')}\n`;
}
