/**
 * Runs the quickstart in this process and prints `{ wallSeconds, maxRssMiB, events, eventsPerSecond }`
 * as JSON; bench/main.ts starts it in a child process so the peak RSS is the run's own.
 */
import { loadScenario } from '../src/cli/load-scenario.js';
import { runScenario } from '../src/scenario/runner.js';

const file = process.argv[2] ?? 'scenarios/quickstart.yaml';
const spec = await loadScenario(file);
const started = process.hrtime.bigint();
const result = runScenario(spec);
const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
const maxRssMiB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `${JSON.stringify({ scenario: file, wallSeconds, maxRssMiB, events: result.events, eventsPerSecond: result.events / wallSeconds, simSeconds: result.simSeconds })}\n`,
);
