import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../../src/cli/load-scenario.js';
import { runScenario, type RunResult } from '../../../src/scenario/runner.js';
import { counterOf, startupSeconds, summaryOf } from './fixtures.js';

const file = fileURLToPath(new URL('../../../../scenarios/stargz-rollout.yaml', import.meta.url));

async function lab(...sets: string[]): Promise<RunResult> {
  return runScenario(await loadScenario(file, { sets: ['rolloutNodes=0', ...sets] }));
}

const base = await lab();
const lab1 = 'kubesim_node_image_bytes_transferred_total{node="lab-1"}';

test('no_background_fetch: the node keeps only what was read; the rest of the layers is never fetched', async () => {
  const r = await lab('cluster.containerd.stargz.no_background_fetch=true');
  assert.equal(counterOf(base, lab1), 1.2e9);
  const bytes = counterOf(r, lab1);
  assert.ok(bytes > 0.6e9 && bytes < 0.75e9, `${bytes} bytes`);
});

test('http_cache_type memory: the cache goes with the garbage-collected image, so the second pull fetches again', async () => {
  const r = await lab('cluster.containerd.stargz.http_cache_type=memory');
  const [second] = startupSeconds(r, 'estargz-second-');
  const [cached] = startupSeconds(base, 'estargz-second-');
  assert.ok((second ?? 0) > 4 * (cached ?? Infinity), `second pull ${second} s vs ${cached} s from the disk cache`);
  assert.ok(summaryOf(r, 'kubesim_pod_startup_image_bytes{mode="estargz-noopt"}').mean > 0.6e9);
});

test('a prefetch longer than prefetch_timeout_sec: the mount returns at the timeout and the reads wait for the prefetch instead of fetching its chunks again', async () => {
  const r = await lab('cluster.containerd.stargz.prefetch_size=200 MB', 'cluster.containerd.stargz.no_background_fetch=true');
  const pull = summaryOf(r, 'kubesim_container_startup_phase_seconds{mode="estargz-noopt",phase="pull"}').max;
  // Mounting the 4 layers takes ≈ 1.5 s; each layer's prefetch is waited for at most 10 s.
  assert.ok(pull > 10 && pull < 13, `pull phase ${pull} s`);
  // 700 MB prefetched (200 MB of each layer, the first whole) and the rest of the startup reads:
  // never more than the image, as no chunk is fetched twice.
  const bytes = counterOf(r, lab1);
  assert.ok(bytes > 0.7e9 && bytes <= 1.2e9, `${bytes} bytes`);
});

test('noprefetch: nothing is prefetched at mount, the pull phase is the tables of contents alone', async () => {
  const r = await lab('cluster.containerd.stargz.noprefetch=true');
  const pull = summaryOf(r, 'kubelet_image_pull_duration_seconds{image="registry.example.com/shop/recommender:v2-esgz",mode="estargz-noopt"}');
  const withPrefetch = summaryOf(base, 'kubelet_image_pull_duration_seconds{image="registry.example.com/shop/recommender:v2-esgz",mode="estargz-noopt"}');
  assert.ok(pull.max < withPrefetch.max, `${pull.max} s vs ${withPrefetch.max} s`);
});

test('the overlayfs snapshotter pulls the eStargz image whole, like a legacy one', async () => {
  const r = await lab('cluster.containerd.snapshotter=overlayfs');
  assert.equal(counterOf(r, 'kubesim_image_pulls_total{mode="estargz-noopt",result="pulled"}'), 0);
  const [first] = startupSeconds(r, 'estargz-');
  assert.ok((first ?? 0) > 55, `${first} s`);
});
