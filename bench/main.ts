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
process.stdout.write('engine hold model\n');
for (const row of engine) {
  process.stdout.write(
    `  ${row.name.padEnd(12)} pending ${String(row.pending).padStart(7)}  ${(row.eventsPerSecond / 1e6).toFixed(2).padStart(6)} M events/s  ${row.nsPerEvent.toFixed(1).padStart(6)} ns/event\n`,
  );
}
const ratios = [...new Set(engine.map((r) => r.pending))].map((pending) => {
  const ours = engine.find((r) => r.pending === pending && r.name !== 'flatqueue');
  const ref = engine.find((r) => r.pending === pending && r.name === 'flatqueue');
  return { pending, ratio: ours !== undefined && ref !== undefined ? ours.nsPerEvent / ref.nsPerEvent : NaN };
});
for (const r of ratios) process.stdout.write(`  time per event vs flatqueue at ${r.pending} pending: ${r.ratio.toFixed(2)}x\n`);

const child = fileURLToPath(new URL('./quickstart-run.js', import.meta.url));
const run = spawnSync(process.execPath, [child, 'scenarios/quickstart.yaml'], { encoding: 'utf8' });
if (run.status !== 0) throw new Error(`quickstart run failed: ${run.stderr}`);
const quickstart = JSON.parse(run.stdout) as { wallSeconds: number; maxRssMiB: number; events: number; eventsPerSecond: number; simSeconds: number };
process.stdout.write(
  `quickstart: ${quickstart.wallSeconds.toFixed(2)} s wall, peak RSS ${quickstart.maxRssMiB.toFixed(0)} MiB, ${quickstart.events} events, ` +
    `${(quickstart.eventsPerSecond / 1e6).toFixed(2)} M events/s, ${quickstart.simSeconds} s virtual\n`,
);
mkdirSync('results/bench', { recursive: true });
writeFileSync('results/bench/bench.json', `${JSON.stringify({ engine, ratios, quickstart }, null, 2)}\n`);
