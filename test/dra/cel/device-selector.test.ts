import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileSelector } from '../../../src/dra/cel/device-selector.js';
import { deviceView } from '../../../src/dra/cel/device-view.js';
import { sel } from '../fixtures.js';

const a100 = deviceView('gpu.nvidia.com', 'node-a', {
  name: 'gpu-0',
  attributes: { productName: { string: 'A100' }, index: { int: 3 }, 'gpu.nvidia.com/mig': { bool: false }, 'numa.example.com/node': { int: 1 } },
  capacity: { memory: { value: '40Gi' } },
});

test('CEL selectors see driver, attributes by domain (typed) and capacity as quantities', () => {
  assert.equal(sel('device.driver == "gpu.nvidia.com"').matches(a100), true);
  assert.equal(sel('device.driver == "other.example.com"').matches(a100), false);
  assert.equal(sel('device.attributes["gpu.nvidia.com"].productName == "A100"').matches(a100), true);
  assert.equal(sel('device.attributes["gpu.nvidia.com"].index > 2').matches(a100), true);
  assert.equal(sel('device.attributes["gpu.nvidia.com"].mig == false').matches(a100), true);
  assert.equal(sel('device.attributes["numa.example.com"].node == 1').matches(a100), true);
  assert.equal(sel('device.capacity["gpu.nvidia.com"].memory.compareTo(quantity("40Gi")) == 0').matches(a100), true);
  assert.equal(sel('device.capacity["gpu.nvidia.com"].memory.isGreaterThan(quantity("80Gi"))').matches(a100), false);
  assert.equal(sel('device.capacity["gpu.nvidia.com"].memory == quantity("40960Mi")').matches(a100), true);
  assert.equal(sel('device.capacity["gpu.nvidia.com"].memory.asInteger() == 42949672960').matches(a100), true);
  assert.equal(sel('"productName" in device.attributes["gpu.nvidia.com"] && !device.allowMultipleAllocations').matches(a100), true);
});

test('a selector that fails at run time (missing domain or attribute) does not select the device', () => {
  assert.equal(sel('device.attributes["dra.example.com"].model == "x"').matches(a100), false);
  assert.equal(sel('device.attributes["gpu.nvidia.com"].nosuch == "x"').matches(a100), false);
  // Short-circuit as upstream recommends: a false guard hides the error.
  assert.equal(sel('device.driver == "x" && device.attributes["x"].y == 1').matches(a100), false);
});

test('compile errors: syntax, variables other than device, unknown functions', () => {
  const syntax = compileSelector('device.driver == ');
  assert.ok('error' in syntax && /CEL compile error/.test(syntax.error));
  const variable = compileSelector('gpu.driver == "x"');
  assert.ok('error' in variable && /undeclared reference to 'gpu'/.test(variable.error));
  const fn = compileSelector('device.driver.frobnicate()');
  assert.ok('error' in fn && /function 'frobnicate'/.test(fn.error));
  // Comprehension variables are bound inside their macro.
  assert.ok('selector' in compileSelector('["a", "b"].exists(x, x == device.driver)'));
});
