/**
 * `npm run bench`: the engine's hold-model benchmark (with flatqueue as reference in the same
 * run) and the quickstart's wall time and peak RSS. Prints a table and writes
 * results/bench/bench.json. Numbers are wall-clock measurements of this machine, never asserted
 * in tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchEngineHold } from './engine-hold.js';

const engine = await benchEngineHold();
// Informational: with 1 s mean increments equal times are rare, which is where the grouped heap
// gains least (see src/engine/event-queue.ts); reported, not a target.
const sparse = await benchEngineHold({ meanIncrement: 1_000_000 });
process.stdout.write('engine hold model, exponential increments of mean 1 ms (acceptance setting)\n');
printRows(engine);
process.stdout.write('engine hold model, exponential increments of mean 1 s (few equal times; informational)\n');
printRows(sparse);

function printRows(rows: typeof engine): void {
  for (const row of rows) {
    process.stdout.write(
      `  ${row.name.padEnd(12)} pending ${String(row.pending).padStart(7)}  ${(row.eventsPerSecond / 1e6).toFixed(2).padStart(6)} M events/s  ` +
        `${row.nsPerEvent.toFixed(1).padStart(6)} ns/event  ${row.ratioToFlatqueue.toFixed(2)}x flatqueue\n`,
    );
  }
}

const child = fileURLToPath(new URL('./quickstart-run.js', import.meta.url));
const run = spawnSync(process.execPath, [child, 'scenarios/quickstart.yaml'], { encoding: 'utf8' });
if (run.status !== 0) throw new Error(`quickstart run failed: ${run.stderr}`);
const quickstart = JSON.parse(run.stdout) as { wallSeconds: number; maxRssMiB: number; events: number; eventsPerSecond: number; simSeconds: number };
process.stdout.write(
  `quickstart: ${quickstart.wallSeconds.toFixed(2)} s wall, peak RSS ${quickstart.maxRssMiB.toFixed(0)} MiB, ${quickstart.events} events, ` +
    `${(quickstart.eventsPerSecond / 1e6).toFixed(2)} M events/s, ${quickstart.simSeconds} s virtual\n`,
);
mkdirSync('results/bench', { recursive: true });
writeFileSync('results/bench/bench.json', `${JSON.stringify({ engine, sparse, quickstart }, null, 2)}\n`);
