import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { compareCommand } from '../../src/cli/compare-command.js';
import { tinyScenario, writeScenario } from '../scenario/fixtures.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

function variant(name: string, strategy: string): string {
  return tinyScenario
    .replace('metadata: { name: tiny }', `metadata: { name: ${name} }`)
    .replace('cluster:\n', `cluster:\n  scheduler:\n    profiles:\n      - pluginConfig: [{ name: NodeResourcesFit, args: { scoringStrategy: { type: ${strategy} } } }]\n`)
    .replace('count: 5', 'count: 12');
}

test('compare runs each scenario with each seed and writes runs, per-run and per-variant CSVs, plugin wall time and a report', async () => {
  const least = writeScenario(variant('spread', 'LeastAllocated'));
  const most = writeScenario(variant('packed', 'MostAllocated'));
  const out = join(mkdtempSync(join(tmpdir(), 'kubesim-compare-')), 'cmp');
  const { rows } = await compareCommand([least, most], { seeds: [1, 2], out, quiet: true });
  assert.equal(rows.length, 4);
  for (const f of ['comparison.csv', 'variants.csv', 'plugin-wall-time.csv', 'report.html', 'spread/seed-1/summary.json', 'packed/seed-2/pods.csv']) assert.ok(existsSync(join(out, f)), f);
  const variants = parse(readFileSync(join(out, 'variants.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  assert.deepEqual(variants.map((v) => [v['variant'], v['runs']]), [['spread', '2'], ['packed', '2']]);
  const sd = (name: string): number => Number(variants.find((v) => v['variant'] === name)?.['cpu_allocation_stddev']);
  assert.ok(sd('packed') > sd('spread') * 2, `MostAllocated packs pods: cpu stddev ${sd('packed')} vs ${sd('spread')}`);
  const wall = parse(readFileSync(join(out, 'plugin-wall-time.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  assert.ok(wall.some((w) => w['plugin'] === 'NodeResourcesFit' && w['point'] === 'filter' && Number(w['calls']) > 0));
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /4 runs in 2 variants/);
});

test('compare refuses two scenarios with the same name (exit status 2)', () => {
  const a = writeScenario(tinyScenario);
  const b = writeScenario(tinyScenario);
  const r = spawnSync(process.execPath, [main, 'compare', a, b, '--out', join(mkdtempSync(join(tmpdir(), 'kubesim-cmp-')), 'x')], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /both named "tiny"/);
});
