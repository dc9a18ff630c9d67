/**
 * Runs one scenario in this process and prints `{ scenario, wallSeconds, maxRssMiB, events,
 * eventsPerSecond, simSeconds, throughput }` as JSON; bench/main.ts starts it in a child process
 * (with the CLI's V8 flags) so that the peak RSS is the run's own. Usage: FILE [path=value ...].
 */
import { loadScenario } from '../src/cli/load-scenario.js';
import { runScenario } from '../src/scenario/runner.js';

const [file = 'scenarios/quickstart.yaml', ...sets] = process.argv.slice(2);
const spec = await loadScenario(file, { sets });
const started = process.hrtime.bigint();
const result = runScenario(spec);
const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
const maxRssMiB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `${JSON.stringify({
    scenario: [file, ...sets].join(' '),
    wallSeconds,
    maxRssMiB,
    events: result.events,
    eventsPerSecond: result.events / wallSeconds,
    simSeconds: result.simSeconds,
    throughput: result.metrics['scheduler_throughput_pods_per_second'],
  })}\n`,
);
