/** `summary.json`: `{ scenario, seed, params, simSeconds, wallSeconds, events, metrics, slos }` (+ completed, warnings). */
import type { RunReport } from './run-report.js';

/** The summary.json text of a run (stable key order, two-space indent, trailing newline). */
export function renderSummaryJson(r: RunReport): string {
  const summary = {
    scenario: r.scenario,
    seed: r.seed,
    params: r.params,
    simSeconds: r.simSeconds,
    wallSeconds: r.wallSeconds,
    events: r.events,
    completed: r.completed,
    metrics: r.metrics,
    slos: r.slos,
    warnings: r.warnings,
  };
  return `${JSON.stringify(summary, null, 2)}\n`;
}
