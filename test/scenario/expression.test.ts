import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as mathjs from 'mathjs';
import { ExpressionError, evaluateValue, type Scope, type ValueKind } from '../../src/scenario/expression.js';

const SCOPE: Scope = { nodes: 3, rtt: 2, a: 1, b: 0.5 };
const GI = 2 ** 30;

type Valid = ReadonlyArray<readonly [string | number, number]>;
type Invalid = ReadonlyArray<readonly [string | number, RegExp]>;

function checkValid(kind: ValueKind, rows: Valid): void {
  for (const [input, expected] of rows) {
    assert.equal(evaluateValue(input, kind, SCOPE), expected, `${kind}: ${JSON.stringify(input)}`);
  }
}

function checkInvalid(kind: ValueKind, rows: Invalid): void {
  for (const [input, why] of rows) {
    assert.throws(() => evaluateValue(input, kind, SCOPE), (err: unknown) => {
      assert.ok(err instanceof ExpressionError, `${kind}: ${JSON.stringify(input)} should throw ExpressionError`);
      assert.match(err.message, why, `${kind}: ${JSON.stringify(input)}`);
      assert.ok(!err.message.includes('\n'), 'one-line message');
      return true;
    });
  }
}

test('number: dimensionless arithmetic over params', () => {
  checkValid('number', [
    [42, 42], ['42', 42], ['-1.5', -1.5], ['nodes * 2 + 1', 7], ['max(nodes, 10) / 4', 2.5],
    ['min(a, b)', 0.5], ['pow(2, 10)', 1024], ['sqrt(16)', 4], ['log10(1000)', 3], ['log2(8)', 3],
    ['abs(-3)', 3], ['ceil(2.1) + floor(2.9) + round(2.5)', 8], ['exp(0)', 1], ['2 pi', 2 * Math.PI],
    ['e', Math.E], ['(nodes + 1) * rtt', 8], ['5 s / 1 s', 5], ['nodes > 2 ? 10 : 20', 10], ['1e3', 1000],
    ['  7  ', 7], ['7;', 7],
  ]);
  checkInvalid('number', [
    ['5 s', /expected a number, got "5 s" \(a duration\)/],
    ['1 GB', /\(a size\)/],
    ['1/0', /not finite/],
    ['1e400', /not finite/],
    [Number.NaN, /not a finite number/],
    [Number.POSITIVE_INFINITY, /not a finite number/],
    ['sqrt(-1)', /real number/],
    ['1 < 2', /real number/],
    ['', /empty string/],
  ]);
});

test('integer: whole numbers only', () => {
  checkValid('integer', [[5, 5], ['nodes * 10', 30], ['0.1 * 30', 3], ['ceil(nodes / 2)', 2], ['-4', -4], ['1e3', 1000]]);
  checkInvalid('integer', [
    ['2.5', /must be a whole number, got 2.5/],
    ['nodes / 2', /must be a whole number, got 1.5/],
    ['1e20', /too large/],
    ['3 s', /expected a whole number, got "3 s" \(a duration\)/],
  ]);
});

test('duration: Go duration strings and mathjs time units, in microseconds', () => {
  checkValid('duration', [
    ['90s', 90e6], ['1m30s', 90e6], ['1.5h', 5400e6], ['300ms', 300e3], ['10us', 10], ['10µs', 10],
    ['10\u03bcs', 10], ['100ns', 0], ['1500ns', 2], ['.5s', 500e3], ['2h45m30.5s', 9930.5e6], ['+1s', 1e6],
    ['90 s', 90e6], ['1.5 minute', 90e6], ['2 * rtt * 1 s', 2 * 2 * 1e6], ['rtt ms', 2e3], ['1 hour', 3600e6],
    ['250 ms + 0.5 s', 750e3], ['0', 0], [0, 0], ['nodes * 0', 0], ['3 days', 3 * 86400e6],
  ]);
  checkInvalid('duration', [
    ['2 * rtt', /expected a duration, got "2 \* rtt" \(a plain number, 4\); needs a unit, e.g. "5 s" or "5s"/],
    [90, /needs a unit/],
    ['90', /needs a unit/],
    ['1.2 GB', /^expected a duration, got "1\.2 GB" \(a size\)$/],
    ['5 m', /\(a quantity in m\)/],
    ['100 / s', /\(a rate\)/],
    ['5 min', /"min" is a function here, not a unit; write "minute"/],
    ['5 sec', /write "s"/],
    ['-5s', /must not be negative/],
    ['-(5 s)', /must not be negative/],
    ['5 furlongs', /unknown name "furlongs"/],
    ['1d', /unknown name "d"/],
    ['s', /needs a number before the unit/],
    ['1e12 years', /too large/],
    ['1e300 years', /not finite/],
  ]);
});

test('size: Kubernetes quantities and mathjs byte units, in bytes', () => {
  checkValid('size', [
    ['1.5Gi', 1.5 * GI], ['500Mi', 500 * 2 ** 20], ['100M', 1e8], [1024, 1024], ['1024', 1024], ['1e3', 1000],
    ['0.1Gi', 107_374_183], [1.5, 2], ['100m', 1], ['1.2 GB', 1.2e9], ['1 GiB', GI], ['nodes * 100 MB', 3e8],
    ['100MB', 1e8], ['1 KiB + 1 B', 1025], ['8 bits', 1], ['nodes * 1024', 3072], ['0', 0],
  ]);
  checkInvalid('size', [
    ['5Qi', /^expected a size, got "5Qi" \(invalid quantity "5Qi": unknown suffix "Qi"/],
    ['1.5.5', /invalid quantity "1\.5\.5"/],
    ['1ki', /unknown suffix "ki"/],
    ['-1Gi', /must not be negative/],
    ['5 s', /expected a size, got "5 s" \(a duration\)/],
    ['1e30', /too large/],
    ['nodes *', /syntax error/],
  ]);
});

test('rate: events per second', () => {
  checkValid('rate', [
    [100, 100], ['100', 100], ['100/s', 100], ['100 / s', 100], ['6000 / minute', 100], ['nodes * 2 / s', 6],
    ['0.5 Hz', 0.5], ['3600 / hour', 1], ['1 / (500 ms)', 2], ['0', 0],
  ]);
  checkInvalid('rate', [
    ['100 s', /expected a rate \(per second\), got "100 s" \(a duration\)/],
    ['1 GB / s', /a quantity in GB \/ s/],
    ['-1/s', /must not be negative/],
    ['100 per s', /syntax error|unknown name/],
  ]);
});

test('fraction: dimensionless in [0, 1] or a percentage', () => {
  checkValid('fraction', [
    ['25%', 0.25], ['100%', 1], ['0%', 0], ['12.5 %', 0.125], [0.3, 0.3], ['b', 0.5], ['a / 4', 0.25], ['1', 1],
  ]);
  checkInvalid('fraction', [
    ['150%', /must be between 0 and 1.*got 1\.5/],
    ['-1%', /must be between 0 and 1/],
    ['nodes', /got 3/],
    [1.01, /must be between 0 and 1/],
    ['5 s', /expected a fraction between 0 and 1, got "5 s" \(a duration\)/],
  ]);
});

const FORBIDDEN: Invalid = [
  ['nodes *', /^"nodes \*": syntax error/],
  ['nodes ** 2', /^"nodes \*\* 2": syntax error/],
  ['foo + 1', /^"foo \+ 1": unknown name "foo" \(params are: nodes, rtt, a, b\)$/],
  ['f(x) = x', /defining functions is not allowed/],
  ['a = 1', /assignment is not allowed/],
  ['import({}, {})', /function "import" is not allowed/],
  ['evaluate("1")', /function "evaluate" is not allowed/],
  ['parse("1")', /function "parse" is not allowed/],
  ['createUnit("foo")', /function "createUnit" is not allowed/],
  ['simplify("x")', /function "simplify" is not allowed/],
  ['cos(1)', /function "cos" is not allowed/],
  ['cos.constructor', /property access and indexing are not allowed/],
  ['cos["constructor"]', /property access and indexing are not allowed/],
  ['constructor', /unknown name "constructor"/],
  ['__proto__', /unknown name "__proto__"/],
  ['import', /name "import" is not allowed/],
  ['max', /name "max" is not allowed/],
  ['[1,2]', /matrices and arrays are not allowed/],
  ['{a: 1}', /objects are not allowed/],
  ['1:3', /ranges are not allowed/],
  ['1; 2', /only a single expression is allowed/],
  ['a = 1; a', /only a single expression is allowed/],
  ['"abc"', /only numbers are allowed as literals/],
  ['(max)(1, 2)', /syntax error/],
  ['nodes(2)', /function "nodes" is not allowed/],
];

test('forbidden constructs are rejected before evaluation', () => {
  for (const kind of ['number', 'duration', 'size', 'rate'] as const) checkInvalid(kind, FORBIDDEN);
  assert.throws(() => evaluateValue('x', 'number', {}), { message: '"x": unknown name "x" (no params are defined)' });
});

test('a param named like a function cannot be called, and scope is never mutated', () => {
  const scope: Scope = { min: 2 };
  assert.equal(evaluateValue('min * 3', 'number', scope), 6);
  assert.throws(() => evaluateValue('min(1, 2)', 'number', scope), /function "min" is not allowed/);
  assert.deepEqual(scope, { min: 2 });
});

test('the global mathjs instance is not mutated', () => {
  evaluateValue('1 + 1', 'number', SCOPE); // make sure the module has been loaded and used
  assert.equal(mathjs.evaluate('2 + 3'), 5);
  assert.equal(mathjs.parse('1 + 1').type, 'OperatorNode');
  assert.equal(mathjs.compile('2 * 3').evaluate(), 6);
  assert.equal(mathjs.simplify('x + x').toString(), '2 * x');
  assert.equal(typeof mathjs.evaluate('parse("1")'), 'object');
  assert.equal(mathjs.Unit.isValuelessUnit('kubefoo'), false);
});
