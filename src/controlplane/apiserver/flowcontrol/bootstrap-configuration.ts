/**
 * The built-in APF objects every kube-apiserver creates: the mandatory `exempt` and `catch-all`
 * pairs and the suggested levels and schemas, with the names, precedences, subjects, rules,
 * shares, lendable percents and queuing parameters of upstream
 * staging/src/k8s.io/apiserver/pkg/apis/flowcontrol/bootstrap/default.go (Kubernetes 1.34+,
 * which dropped the endpoint/configmap leader-election schemas; see `legacyLeaderElectionFlowSchemas`).
 */
import {
  catchAllName,
  exemptName,
  wildcard,
  type FlowControlConfiguration,
  type FlowDistinguisherMethodType,
  type FlowSchema,
  type NonResourcePolicyRule,
  type PolicyRulesWithSubjects,
  type PriorityLevelConfiguration,
  type ResourcePolicyRule,
  type Subject,
} from './flowcontrol-types.js';

// Well-known user and group names (upstream k8s.io/apiserver/pkg/authentication/user/user.go and
// serviceaccount/util.go).
const systemMasters = 'system:masters';
const systemNodes = 'system:nodes';
const allAuthenticated = 'system:authenticated';
const allUnauthenticated = 'system:unauthenticated';
const allServiceAccounts = 'system:serviceaccounts';
const kubeControllerManager = 'system:kube-controller-manager';
const kubeScheduler = 'system:kube-scheduler';

const groups = (...names: string[]): Subject[] => names.map((name) => ({ kind: 'Group', group: { name } }));
const users = (...names: string[]): Subject[] => names.map((name) => ({ kind: 'User', user: { name } }));
const kubeSystemServiceAccounts = (...names: string[]): Subject[] =>
  names.map((name) => ({ kind: 'ServiceAccount', serviceAccount: { namespace: 'kube-system', name } }));

const everyResource: ResourcePolicyRule = { verbs: [wildcard], apiGroups: [wildcard], resources: [wildcard], clusterScope: true, namespaces: [wildcard] };
const everyNonResource: NonResourcePolicyRule = { verbs: [wildcard], nonResourceURLs: [wildcard] };

/** A rule matching every request of `subjects` (upstream's NewFSAll shape). */
const everything = (subjects: Subject[]): PolicyRulesWithSubjects => ({ subjects, resourceRules: [everyResource], nonResourceRules: [everyNonResource] });

function flowSchema(name: string, level: string, matchingPrecedence: number, distinguisher: FlowDistinguisherMethodType | undefined, ...rules: PolicyRulesWithSubjects[]): FlowSchema {
  const spec = { priorityLevelConfiguration: { name: level }, matchingPrecedence, rules };
  return {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'FlowSchema',
    metadata: { name, annotations: { 'apf.kubernetes.io/autoupdate-spec': 'true' } },
    spec: distinguisher === undefined ? spec : { ...spec, distinguisherMethod: { type: distinguisher } },
  };
}

/** A Limited level that queues: (shares, lendable %, queues, handSize, queueLengthLimit). */
function queuingLevel(name: string, nominalConcurrencyShares: number, lendablePercent: number, queues: number, handSize: number, queueLengthLimit: number): PriorityLevelConfiguration {
  return {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'PriorityLevelConfiguration',
    metadata: { name, annotations: { 'apf.kubernetes.io/autoupdate-spec': 'true' } },
    spec: {
      type: 'Limited',
      limited: { nominalConcurrencyShares, lendablePercent, limitResponse: { type: 'Queue', queuing: { queues, handSize, queueLengthLimit } } },
    },
  };
}

/** Mandatory `exempt` level: no limit; 0 shares and 0 % lendable. */
export const mandatoryPriorityLevelExempt: PriorityLevelConfiguration = {
  apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
  kind: 'PriorityLevelConfiguration',
  metadata: { name: exemptName, annotations: { 'apf.kubernetes.io/autoupdate-spec': 'true' } },
  spec: { type: 'Exempt', exempt: { nominalConcurrencyShares: 0, lendablePercent: 0 } },
};

/** Mandatory `catch-all` level: 5 shares, rejects (429) whatever does not fit. */
export const mandatoryPriorityLevelCatchAll: PriorityLevelConfiguration = {
  apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
  kind: 'PriorityLevelConfiguration',
  metadata: { name: catchAllName, annotations: { 'apf.kubernetes.io/autoupdate-spec': 'true' } },
  spec: { type: 'Limited', limited: { nominalConcurrencyShares: 5, lendablePercent: 0, limitResponse: { type: 'Reject' } } },
};

/** Mandatory `exempt` FlowSchema: group system:masters, precedence 1, no distinguisher. */
export const mandatoryFlowSchemaExempt = flowSchema(exemptName, exemptName, 1, undefined, everything(groups(systemMasters)));

/** Mandatory `catch-all` FlowSchema: everyone, precedence 10000, ByUser. */
export const mandatoryFlowSchemaCatchAll = flowSchema(catchAllName, catchAllName, 10_000, 'ByUser', everything(groups(allUnauthenticated, allAuthenticated)));

/** Upstream `MandatoryPriorityLevelConfigurations` (same order). */
export const mandatoryPriorityLevels: readonly PriorityLevelConfiguration[] = [mandatoryPriorityLevelCatchAll, mandatoryPriorityLevelExempt];

/** Upstream `MandatoryFlowSchemas` (same order). */
export const mandatoryFlowSchemas: readonly FlowSchema[] = [mandatoryFlowSchemaExempt, mandatoryFlowSchemaCatchAll];

/** Upstream `SuggestedPriorityLevelConfigurations`: (shares, lendable %, queues, handSize, queueLengthLimit). */
export const suggestedPriorityLevels: readonly PriorityLevelConfiguration[] = [
  queuingLevel('system', 30, 33, 64, 6, 50),
  queuingLevel('node-high', 40, 25, 64, 6, 50),
  queuingLevel('leader-election', 10, 0, 16, 4, 50),
  queuingLevel('workload-high', 40, 50, 128, 6, 50),
  queuingLevel('workload-low', 100, 90, 128, 6, 50),
  queuingLevel('global-default', 20, 50, 128, 6, 50),
];

const leaseVerbs = ['get', 'create', 'update'];

/** Upstream `SuggestedFlowSchemas` (same order). */
export const suggestedFlowSchemas: readonly FlowSchema[] = [
  flowSchema('system-nodes', 'system', 500, 'ByUser', everything(groups(systemNodes))),
  flowSchema('system-node-high', 'node-high', 400, 'ByUser', {
    subjects: groups(systemNodes),
    resourceRules: [
      { verbs: [wildcard], apiGroups: [''], resources: ['nodes', 'nodes/status'], clusterScope: true, namespaces: [wildcard] },
      { verbs: [wildcard], apiGroups: ['coordination.k8s.io'], resources: ['leases'], clusterScope: false, namespaces: [wildcard] },
    ],
  }),
  flowSchema('probes', exemptName, 2, undefined, {
    subjects: groups(allUnauthenticated, allAuthenticated),
    nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/readyz', '/livez'] }],
  }),
  flowSchema('system-leader-election', 'leader-election', 100, 'ByUser', {
    subjects: [...users(kubeControllerManager, kubeScheduler), ...kubeSystemServiceAccounts(wildcard)],
    resourceRules: [{ verbs: leaseVerbs, apiGroups: ['coordination.k8s.io'], resources: ['leases'], clusterScope: false, namespaces: [wildcard] }],
  }),
  flowSchema('kube-controller-manager', 'workload-high', 800, 'ByNamespace', everything(users(kubeControllerManager))),
  flowSchema('kube-scheduler', 'workload-high', 800, 'ByNamespace', everything(users(kubeScheduler))),
  flowSchema('kube-system-service-accounts', 'workload-high', 900, 'ByNamespace', everything(kubeSystemServiceAccounts(wildcard))),
  flowSchema('service-accounts', 'workload-low', 9000, 'ByUser', everything(groups(allServiceAccounts))),
  flowSchema('global-default', 'global-default', 9900, 'ByUser', everything(groups(allUnauthenticated, allAuthenticated))),
];

/**
 * The two suggested schemas Kubernetes removed in 1.34 (upstream commit "Remove FlowSchemas
 * handling non-leases-backed leader election"): `endpoint-controller` (150) and
 * `workload-leader-election` (200). Add them to model an older cluster.
 */
export const legacyLeaderElectionFlowSchemas: readonly FlowSchema[] = [
  flowSchema('endpoint-controller', 'workload-high', 150, 'ByUser', {
    subjects: [...users(kubeControllerManager), ...kubeSystemServiceAccounts('endpoint-controller', 'endpointslicemirroring-controller')],
    resourceRules: [{ verbs: leaseVerbs, apiGroups: [''], resources: ['endpoints'], clusterScope: false, namespaces: [wildcard] }],
  }),
  flowSchema('workload-leader-election', 'leader-election', 200, 'ByUser', {
    subjects: kubeSystemServiceAccounts(wildcard),
    resourceRules: [
      { verbs: leaseVerbs, apiGroups: [''], resources: ['endpoints', 'configmaps'], clusterScope: false, namespaces: [wildcard] },
      { verbs: leaseVerbs, apiGroups: ['coordination.k8s.io'], resources: ['leases'], clusterScope: false, namespaces: [wildcard] },
    ],
  }),
];

/** Everything a fresh kube-apiserver has: mandatory plus suggested levels and schemas. */
export const bootstrapFlowControl: FlowControlConfiguration = {
  flowSchemas: [...mandatoryFlowSchemas, ...suggestedFlowSchemas],
  priorityLevels: [...mandatoryPriorityLevels, ...suggestedPriorityLevels],
};
