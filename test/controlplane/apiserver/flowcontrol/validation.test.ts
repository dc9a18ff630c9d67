import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bootstrapFlowControl, legacyLeaderElectionFlowSchemas } from '../../../../src/controlplane/apiserver/flowcontrol/bootstrap-configuration.js';
import type { FlowSchema, PriorityLevelConfiguration, QueuingConfiguration } from '../../../../src/controlplane/apiserver/flowcontrol/flowcontrol-types.js';
import { mergeWithBootstrap, validateFlowControl } from '../../../../src/controlplane/apiserver/flowcontrol/validation.js';

const everything = { subjects: [{ kind: 'Group' as const, group: { name: 'system:authenticated' } }], resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], clusterScope: true, namespaces: ['*'] }] };
const fs = (name: string, level: string, extra: Partial<FlowSchema['spec']> = {}): FlowSchema => ({
  metadata: { name },
  spec: { priorityLevelConfiguration: { name: level }, matchingPrecedence: 1000, rules: [everything], ...extra },
});
const queued = (name: string, queuing: QueuingConfiguration, shares: number | undefined = 10, lendablePercent = 0): PriorityLevelConfiguration => ({
  metadata: { name },
  spec: { type: 'Limited', limited: { ...(shares === undefined ? {} : { nominalConcurrencyShares: shares }), lendablePercent, limitResponse: { type: 'Queue', queuing } } },
});

/** Validates user objects merged into the built-in configuration, as the scenario compiler does. */
function check(userSchemas: FlowSchema[], userLevels: PriorityLevelConfiguration[]): string[] {
  const merged = mergeWithBootstrap(bootstrapFlowControl, userSchemas, userLevels);
  return validateFlowControl(merged.flowSchemas, merged.priorityLevels, userSchemas, userLevels).map((p) => `${p.path.join('.')}: ${p.message}`);
}

test('the built-in objects are valid (and so are the pre-1.34 legacy schemas)', () => {
  assert.deepEqual(validateFlowControl(bootstrapFlowControl.flowSchemas, bootstrapFlowControl.priorityLevels), []);
  assert.deepEqual(validateFlowControl([...bootstrapFlowControl.flowSchemas, ...legacyLeaderElectionFlowSchemas], bootstrapFlowControl.priorityLevels), []);
});

test('a FlowSchema naming a missing priority level, with the path into the user list', () => {
  const problems = check([fs('a', 'global-default'), fs('b', 'mine'), fs('c', 'foo')], [queued('mine', { queues: 16, handSize: 4, queueLengthLimit: 10 })]);
  assert.deepEqual(problems, ['flowSchemas.2.spec.priorityLevelConfiguration.name: priority level "foo" not found']);
  const p = validateFlowControl([fs('c', 'foo')], [])[0]!;
  assert.deepEqual(p.path, ['flowSchemas', 0, 'spec', 'priorityLevelConfiguration', 'name']);
});

test('shares: 0 is allowed in v1, negative is not; lendablePercent 0..100', () => {
  assert.deepEqual(check([], [queued('zero', { queues: 16, handSize: 4, queueLengthLimit: 10 }, 0)]), []);
  assert.deepEqual(check([], [queued('neg', { queues: 16, handSize: 4, queueLengthLimit: 10 }, -1)]), [
    'priorityLevelConfigurations.0.spec.limited.nominalConcurrencyShares: must be a non-negative integer, got -1',
  ]);
  assert.deepEqual(check([], [queued('lend', { queues: 16, handSize: 4, queueLengthLimit: 10 }, 10, 101)]), [
    'priorityLevelConfigurations.0.spec.limited.lendablePercent: must be between 0 and 100, inclusive, got 101',
  ]);
  assert.deepEqual(check([], [queued('lend', { queues: 16, handSize: 4, queueLengthLimit: 10 }, 10, -5)]).length, 1);
});

test('queuing: positive queues, handSize and queueLengthLimit; handSize within queues and the entropy', () => {
  const q = (queuing: QueuingConfiguration) => check([], [queued('q', queuing)]);
  assert.deepEqual(q({}), []); // all defaulted: 64 queues, hand 8, limit 50
  assert.deepEqual(q({ queues: 0, handSize: 4, queueLengthLimit: 10 }), ['priorityLevelConfigurations.0.spec.limited.limitResponse.queuing.queues: must be positive and not greater than 10000000, got 0']);
  assert.deepEqual(q({ queues: 16, handSize: -1, queueLengthLimit: 10 }), ['priorityLevelConfigurations.0.spec.limited.limitResponse.queuing.handSize: must be positive, got -1']);
  assert.deepEqual(q({ queues: 16, handSize: 4, queueLengthLimit: 0 }), ['priorityLevelConfigurations.0.spec.limited.limitResponse.queuing.queueLengthLimit: must be positive, got 0']);
  assert.deepEqual(q({ queues: 4, handSize: 6, queueLengthLimit: 10 }), ['priorityLevelConfigurations.0.spec.limited.limitResponse.queuing.handSize: should not be greater than queues (4), got 6']);
  assert.deepEqual(q({ queues: 512, handSize: 8, queueLengthLimit: 10 }), [
    'priorityLevelConfigurations.0.spec.limited.limitResponse.queuing.handSize: required entropy bits of deckSize 512 and handSize 8 should not be greater than 60',
  ]);
  assert.deepEqual(q({ queues: 1024, handSize: 6 }), []); // exactly 60 bits
  assert.deepEqual(q({ queues: 4 }), ['priorityLevelConfigurations.0.spec.limited.limitResponse.queuing.handSize: should not be greater than queues (4), got 8']); // default hand 8
});

test('duplicate names, unknown distinguisher, precedence out of range', () => {
  assert.deepEqual(check([fs('a', 'system'), fs('a', 'system')], []), ['flowSchemas.1.metadata.name: duplicate name "a"']);
  assert.deepEqual(check([fs('a', 'system', { distinguisherMethod: { type: 'ByVerb' as 'ByUser' } })], []), [
    'flowSchemas.0.spec.distinguisherMethod.type: unsupported value "ByVerb": supported values: "ByNamespace", "ByUser"',
  ]);
  assert.deepEqual(check([fs('a', 'system', { matchingPrecedence: 1 })], []), ["flowSchemas.0.spec.matchingPrecedence: only the schema named 'exempt' may have matchingPrecedence 1"]);
  assert.deepEqual(check([fs('a', 'system', { matchingPrecedence: 10_001 })], []), ['flowSchemas.0.spec.matchingPrecedence: must be between 1 and 10000, got 10001']);
  assert.deepEqual(check([], [queued('x', {}), queued('x', {})]), ['priorityLevelConfigurations.1.metadata.name: duplicate name "x"']);
});

test('missing fields and malformed rules', () => {
  const bad = {
    metadata: { name: 'bad' },
    spec: {
      priorityLevelConfiguration: { name: '' },
      rules: [
        { subjects: [], resourceRules: [{ verbs: ['get', 'fly'], apiGroups: [], resources: ['pods'] }] },
        { subjects: [{ kind: 'User' }, { kind: 'Robot' }, { kind: 'ServiceAccount', serviceAccount: { namespace: '', name: 'x' } }] },
        { subjects: [{ kind: 'Group', group: { name: 'g' } }], nonResourceRules: [{ verbs: ['*', 'get'], nonResourceURLs: ['healthz', '/a/*/b'] }] },
      ],
    },
  } as unknown as FlowSchema;
  assert.deepEqual(check([bad], []), [
    'flowSchemas.0.spec.priorityLevelConfiguration.name: must reference a priority level',
    'flowSchemas.0.spec.rules.0.subjects: subjects must contain at least one value',
    'flowSchemas.0.spec.rules.0.resourceRules.0.verbs: unsupported verb "fly": supported values: "create", "delete", "deletecollection", "get", "list", "patch", "proxy", "update", "watch"',
    'flowSchemas.0.spec.rules.0.resourceRules.0.apiGroups: resource rules must supply at least one api group',
    'flowSchemas.0.spec.rules.0.resourceRules.0.namespaces: resource rules that are not cluster scoped must supply at least one namespace',
    'flowSchemas.0.spec.rules.1.subjects.0.user: user is required when subject kind is "User"',
    'flowSchemas.0.spec.rules.1.subjects.1.kind: unsupported value "Robot": supported values: "Group", "ServiceAccount", "User"',
    'flowSchemas.0.spec.rules.1.subjects.2.serviceAccount.namespace: must specify namespace for service account',
    'flowSchemas.0.spec.rules.1: at least one of resourceRules and nonResourceRules has to be non-empty',
    "flowSchemas.0.spec.rules.2.nonResourceRules.0.verbs: if '*' is present, must not specify other values",
    'flowSchemas.0.spec.rules.2.nonResourceRules.0.nonResourceURLs.0: "healthz" must start with slash',
    'flowSchemas.0.spec.rules.2.nonResourceURLs.1: "/a/*/b": wildcard can only do suffix matching'.replace('rules.2.', 'rules.2.nonResourceRules.0.'),
  ]);
  const levels = [
    { metadata: { name: 'l1' }, spec: { type: 'Limited' } },
    { metadata: { name: 'l2' }, spec: { type: 'Limited', limited: { limitResponse: { type: 'Queue' } } } },
    { metadata: { name: 'l3' }, spec: { type: 'Exempt' } },
    { metadata: { name: 'L4' }, spec: { type: 'Limited', limited: { limitResponse: { type: 'Reject', queuing: {} } } } },
  ] as unknown as PriorityLevelConfiguration[];
  assert.deepEqual(check([], levels), [
    'priorityLevelConfigurations.0.spec.limited: must not be empty when type is Limited',
    'priorityLevelConfigurations.1.spec.limited.limitResponse.queuing: must not be empty if limited.limitResponse.type is Queue',
    "priorityLevelConfigurations.2.spec.type: type must be 'Exempt' if and only if name is 'exempt'",
    'priorityLevelConfigurations.3.metadata.name: "L4" must be a lowercase RFC 1123 subdomain',
    'priorityLevelConfigurations.3.spec.limited.limitResponse.queuing: must be nil if limited.limitResponse.type is not Queue',
  ]);
});

test('mandatory objects keep their fixed spec; exempt may change its shares', () => {
  const catchAll = fs('catch-all', 'catch-all', { matchingPrecedence: 5000 });
  assert.deepEqual(check([catchAll], []), ["flowSchemas.0.spec: spec of 'catch-all' must equal the fixed value"]);
  const rejectMore: PriorityLevelConfiguration = { metadata: { name: 'catch-all' }, spec: { type: 'Limited', limited: { nominalConcurrencyShares: 50, lendablePercent: 0, limitResponse: { type: 'Reject' } } } };
  assert.deepEqual(check([], [rejectMore]), ["priorityLevelConfigurations.0.spec: spec of 'catch-all' must equal the fixed value"]);
  assert.deepEqual(check([], [{ metadata: { name: 'exempt' }, spec: { type: 'Exempt', exempt: { nominalConcurrencyShares: 10, lendablePercent: 50 } } }]), []);
});

test('merging: user objects replace built-ins of the same name in place and add new ones after', () => {
  const mine = queued('global-default', { queues: 64, handSize: 8, queueLengthLimit: 100 }, 50);
  const extra = queued('batch', {});
  const merged = mergeWithBootstrap(bootstrapFlowControl, [fs('batch-jobs', 'batch')], [mine, extra]);
  const names = merged.priorityLevels.map((p) => p.metadata.name);
  assert.deepEqual(names, [...bootstrapFlowControl.priorityLevels.map((p) => p.metadata.name), 'batch']);
  assert.equal(merged.priorityLevels.find((p) => p.metadata.name === 'global-default'), mine);
  assert.equal(merged.flowSchemas.length, bootstrapFlowControl.flowSchemas.length + 1);
  assert.deepEqual(check([fs('batch-jobs', 'batch')], [mine, extra]), []);
});
