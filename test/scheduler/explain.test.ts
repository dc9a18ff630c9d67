import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCommand } from '../../src/cli/run-command.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const example = fileURLToPath(new URL('../../../scenarios/plugins/node-label-preference.yaml', import.meta.url));

test('an out-of-tree TypeScript Score plugin steers pods, and explain shows its weighted score against the runner-up', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'kubesim-explain-')), 'run');
  const { report } = await runCommand(example, { out, quiet: true });
  const perPool = new Map<string, number>();
  for (const p of report.pods) perPool.set(p.node.replace(/-\d+$/, ''), (perPool.get(p.node.replace(/-\d+$/, '')) ?? 0) + 1);
  // 10 preferred nodes of 2 cpu hold 40 pods of 500m; the other 20 spill over.
  assert.deepEqual(Object.fromEntries(perPool), { large: 40, other: 20 });
  const r = spawnSync(process.execPath, [main, 'explain', out, 'web-0'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /pod default\/web-0 → node large-\d+ \(20 feasible of 20 evaluated, 20 nodes\)/);
  assert.match(r.stdout, /NodeLabelPreference\s+500\.0\s+500\.0/);
  const last = spawnSync(process.execPath, [main, 'explain', out, 'default/web-59'], { encoding: 'utf8' });
  assert.match(last.stdout, /node other-\d+/);
  assert.match(last.stdout, /NodeResourcesFit\s+\d+ node\(s\)/, 'the full preferred nodes were filtered out by NodeResourcesFit');
});

test('explain of an unknown pod or a directory without explanations is exit status 2', () => {
  const r = spawnSync(process.execPath, [main, 'explain', mkdtempSync(join(tmpdir(), 'kubesim-empty-')), 'x'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /explanations\.jsonl: missing/);
});
