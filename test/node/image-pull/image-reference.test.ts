import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeImageReference } from '../../../src/node/image-pull/image-catalog.js';
import { defaultPullPolicy } from '../../../src/node/image-pull/node-image-manager.js';

test('image references normalise as the container runtime does', () => {
  assert.equal(normalizeImageReference('nginx'), 'docker.io/library/nginx:latest');
  assert.equal(normalizeImageReference('nginx:1.27'), 'docker.io/library/nginx:1.27');
  assert.equal(normalizeImageReference('bitnami/redis:7'), 'docker.io/bitnami/redis:7');
  assert.equal(normalizeImageReference('docker.io/nginx:1.27'), 'docker.io/library/nginx:1.27');
  assert.equal(normalizeImageReference('ghcr.io/stargz-containers/python:3.7-esgz'), 'ghcr.io/stargz-containers/python:3.7-esgz');
  assert.equal(normalizeImageReference('localhost:5000/app'), 'localhost:5000/app:latest');
  assert.equal(normalizeImageReference('r.test/app@sha256:abc'), 'r.test/app@sha256:abc');
});

test('imagePullPolicy defaults to Always for :latest or no tag, else IfNotPresent (upstream defaulting)', () => {
  assert.equal(defaultPullPolicy('nginx'), 'Always');
  assert.equal(defaultPullPolicy('nginx:latest'), 'Always');
  assert.equal(defaultPullPolicy('localhost:5000/app'), 'Always');
  assert.equal(defaultPullPolicy('nginx:1.27'), 'IfNotPresent');
  assert.equal(defaultPullPolicy('r.test/app@sha256:abc'), 'IfNotPresent');
});
