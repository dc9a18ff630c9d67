import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ImageSpec } from '../../../src/node/image-pull/image-catalog.js';
import { garbageCollectImages } from '../../../src/node/image-pull/image-gc.js';
import { defaultKubeletImageConfig } from '../../../src/node/image-pull/image-pull-config.js';
import { NodeImageStore } from '../../../src/node/image-pull/node-image-store.js';

const GB = 1e9;
const min = 60e6;

/** An image of one unshared layer holding `bytes` on imagefs (compressed + unpacked halves). */
function image(name: string, bytes: number, shared?: string): ImageSpec {
  const layers = [{ digest: `sha256:${name}`, size: bytes / 2, uncompressedSize: bytes / 2, tocSize: 0 }];
  if (shared !== undefined) layers.push({ digest: `sha256:${shared}`, size: GB / 2, uncompressedSize: GB / 2, tocSize: 0 });
  const size = layers.reduce((a, l) => a + l.size, 0);
  return { name, registry: 'r.test', layers, format: 'docker', optimized: false, startupReads: { size: 0, files: 0 }, size, uncompressedSize: size, mode: 'legacy' };
}

function add(store: NodeImageStore, spec: ImageSpec, at: number): void {
  for (const l of spec.layers) store.addLayer(l);
  store.addImage(spec, at, false);
}

/** A 100 GB imagefs holding `n` 10 GB images, the i-th detected and last used at minute i. */
function filled(n: number): NodeImageStore {
  const store = new NodeImageStore(100 * GB);
  for (let i = 0; i < n; i++) add(store, image(`img-${i}`, 10 * GB), i * min);
  return store;
}

const config = defaultKubeletImageConfig; // 85 % / 80 %, minimum age 2 min
const later = 60 * min;

test('below the high threshold (85 %) GC removes nothing', () => {
  const store = filled(8); // 80 %
  const r = garbageCollectImages(store, config, later);
  assert.deepEqual(r.removedForSpace, []);
  assert.equal(r.bytesToFree, 0);
  assert.equal(store.used, 80 * GB);
});

test('at or above the high threshold GC frees down to the low threshold (80 %), least recently used first', () => {
  const store = filled(9); // 90 %
  const r = garbageCollectImages(store, config, later);
  assert.equal(r.bytesToFree, 10 * GB); // 100·(100−80)/100 − 10 available
  assert.deepEqual(r.removedForSpace, ['img-0']);
  assert.ok(store.used <= 80 * GB);
  assert.equal(r.failed, false);
});

test('GC never removes an image in use, however old, and reports when it cannot free enough', () => {
  const store = filled(9);
  for (let i = 0; i < 9; i++) store.get(`img-${i}`)!.inUse = i === 8 ? 0 : 1;
  const r = garbageCollectImages(store, config, later);
  assert.deepEqual(r.removedForSpace, ['img-8']);
  for (let i = 0; i < 8; i++) assert.ok(store.get(`img-${i}`) !== undefined, `img-${i} in use was kept`);
  assert.equal(r.failed, false); // 10 GB freed of the 10 GB needed
  // Every image in use: nothing can go, and the pass reports it (upstream's ImageGCFailed).
  const full = filled(10);
  for (const img of full.all()) img.inUse = 1;
  const none = garbageCollectImages(full, config, later);
  assert.deepEqual(none.removedForSpace, []);
  assert.equal(none.failed, true);
});

test('in-use images count as used now, so an idle image goes first even if it was pulled later', () => {
  const store = filled(9);
  store.get('img-0')!.inUse = 1;
  garbageCollectImages(store, config, later);
  assert.ok(store.get('img-0') !== undefined);
  assert.equal(store.get('img-1'), undefined);
  assert.equal(store.get('img-0')!.lastUsed, later);
});

test('images detected less than imageMinimumGCAge ago are skipped', () => {
  const store = filled(9);
  const r = garbageCollectImages(store, config, 8 * min + 60e6); // img-8 is 1 min old, the rest older
  assert.ok(!r.removedForSpace.includes('img-8'));
  const young = garbageCollectImages(filled(9), { ...config, imageMinimumGCAge: 24 * 60 * min }, later);
  assert.deepEqual(young.removedForSpace, []);
  assert.equal(young.failed, true);
});

test('a layer shared with an image that stays is not freed with the image removed', () => {
  const store = new NodeImageStore(10 * GB);
  add(store, image('a', 2 * GB, 'base'), 0);
  add(store, image('b', 2 * GB, 'base'), min);
  assert.equal(store.used, 5 * GB); // base (1 GB) stored once
  assert.equal(store.freeableBytes('a'), 2 * GB);
  assert.equal(store.removeImage('a'), 2 * GB);
  assert.equal(store.removeImage('b'), 3 * GB);
  assert.equal(store.used, 0);
});

test('imageMaximumGCAge removes unused images idle for longer, whatever the usage', () => {
  const store = filled(3); // 30 %
  store.get('img-2')!.inUse = 1;
  const r = garbageCollectImages(store, { ...config, imageMaximumGCAge: 30 * min }, 30.5 * min);
  assert.deepEqual(r.removedForAge, ['img-0']); // idle 30.5 min; img-1 has been idle 29.5 min
  assert.equal(store.get('img-2')?.spec.name, 'img-2');
});
