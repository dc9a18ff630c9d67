import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../../src/cli/load-scenario.js';
import { runScenario } from '../../../src/scenario/runner.js';
import { counterOf, startupSeconds, summaryOf, within } from './fixtures.js';

const file = fileURLToPath(new URL('../../../../scenarios/stargz-rollout.yaml', import.meta.url));
/** The users' measurements, without the rollout. */
const lab = runScenario(await loadScenario(file, { sets: ['rolloutNodes=0'] }));
/** A 200-node rollout (the 1,000-node one runs in bench/). */
const nodes = 200;
const rollout = runScenario(await loadScenario(file, { sets: [`rolloutNodes=${nodes}`] }));

/** ±10 %: the band the scenario promises for the users' figures. */
const band = 0.1;

test('stargz-rollout runs without warnings', () => {
  assert.equal(lab.completed, true);
  assert.deepEqual(lab.warnings, []);
  assert.equal(rollout.completed, true);
  assert.deepEqual(rollout.warnings, []);
});

test('legacy first pull of the 1.2 GB image: 58 s and 1.2 GB transferred, within ±10 %', () => {
  const [legacy] = startupSeconds(lab, 'legacy-');
  within(legacy ?? NaN, 58, band, 'legacy first pull');
  within(counterOf(lab, 'kubesim_node_image_bytes_transferred_total{node="lab-0"}'), 1.2e9, band, 'legacy bytes');
});

test('eStargz first pull: 43 s and 680 MB transferred before the workload runs, within ±10 %', () => {
  const [first] = startupSeconds(lab, 'estargz-');
  within(first ?? NaN, 43, band, 'eStargz first pull');
  // Two eStargz starts on lab-1: the first fetched its startup set, the second read it from the cache.
  const bytes = summaryOf(lab, 'kubesim_pod_startup_image_bytes{mode="estargz-noopt"}');
  assert.equal(bytes.count, 2);
  within(bytes.max, 680e6, band, 'eStargz bytes before running');
});

test('eStargz second pull through the http cache after the image was garbage collected: 8 s within ±10 %', () => {
  assert.equal(counterOf(lab, 'kubelet_image_garbage_collected_total{reason="age"}'), 1);
  const [second] = startupSeconds(lab, 'estargz-second-');
  within(second ?? NaN, 8, band, 'eStargz second pull');
  // It pulled again (the image had been removed) but fetched only the manifest and config.
  assert.equal(counterOf(lab, 'kubesim_image_pulls_total{mode="estargz-noopt",result="pulled"}'), 2);
  const bytes = summaryOf(lab, 'kubesim_pod_startup_image_bytes{mode="estargz-noopt"}');
  assert.ok(bytes.mean * 2 - bytes.max < 1e6, `second start moved ${bytes.mean * 2 - bytes.max} bytes`);
});

test('the background fetcher completes the layers once the workload is quiet', () => {
  within(counterOf(lab, 'kubesim_node_image_bytes_transferred_total{node="lab-1"}'), 1.2e9, 0.001, 'lab-1 bytes by the end');
});

test('rolled out at once, the registry is the bottleneck: pull-to-ready ≈ fixed costs + nodes × bytes / registry bandwidth', () => {
  const times = startupSeconds(rollout, 'recommender-');
  assert.equal(times.length, nodes);
  // Alone on the registry (lab-1), the first start took `alone` s moving `bytes` at the node's 26.7 MB/s;
  // the rest of it (requests, create, decompression) does not depend on bandwidth.
  const [alone] = startupSeconds(lab, 'estargz-');
  const bytes = summaryOf(lab, 'kubesim_pod_startup_image_bytes{mode="estargz-noopt"}').max;
  const fixed = (alone ?? NaN) - bytes / 26.7e6;
  const expected = fixed + (nodes * bytes) / 1.25e9; // 10 Gb/s shared by every node
  const slowest = Math.max(...times);
  within(slowest, expected, 0.1, 'slowest pull-to-ready');
  // Processor sharing: every node gets the same share, so they finish together.
  assert.ok(Math.min(...times) > 0.9 * slowest, `fastest ${Math.min(...times)} s vs slowest ${slowest} s`);
  assert.ok(slowest > 2 * (alone ?? NaN), 'contention multiplies the time alone');
});
