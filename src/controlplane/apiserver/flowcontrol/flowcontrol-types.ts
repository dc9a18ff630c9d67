/**
 * FlowSchema and PriorityLevelConfiguration in the `flowcontrol.apiserver.k8s.io/v1` shape
 * (upstream k8s.io/api/flowcontrol/v1/types.go), as users write them in YAML. Optional fields are
 * the ones the v1 API defaults (pkg/apis/flowcontrol/v1/defaults.go); `resolve*` in
 * validation.ts fills them in.
 */

/** Object metadata: only the name matters to APF. */
export interface FlowControlObjectMeta {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** `FlowDistinguisherMethodType`: which request attribute splits a FlowSchema's traffic into flows. */
export type FlowDistinguisherMethodType = 'ByUser' | 'ByNamespace';

/** `SubjectKind`. */
export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

/** `Subject`: exactly the member named by `kind` is set; names may be `*` (upstream `NameAll`). */
export interface Subject {
  readonly kind: SubjectKind;
  readonly user?: { readonly name: string };
  readonly group?: { readonly name: string };
  readonly serviceAccount?: { readonly namespace: string; readonly name: string };
}

/** `ResourcePolicyRule`: `*` alone in a list matches everything; resources may be `resource/subresource`. */
export interface ResourcePolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  /** Whether cluster-scoped requests (no namespace) match. */
  readonly clusterScope?: boolean;
  readonly namespaces?: readonly string[];
}

/** `NonResourcePolicyRule`: URL paths such as `/healthz`, `/metrics/*` or `*`. */
export interface NonResourcePolicyRule {
  readonly verbs: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

/** `PolicyRulesWithSubjects`: matches when a subject matches and a resource or non-resource rule matches. */
export interface PolicyRulesWithSubjects {
  readonly subjects: readonly Subject[];
  readonly resourceRules?: readonly ResourcePolicyRule[];
  readonly nonResourceRules?: readonly NonResourcePolicyRule[];
}

/** `FlowSchemaSpec`. */
export interface FlowSchemaSpec {
  readonly priorityLevelConfiguration: { readonly name: string };
  /** 1..10000, lower matches first; defaults to 1000 (v1). Only `exempt` may use 1. */
  readonly matchingPrecedence?: number;
  /** Absent: all requests of the schema form one flow. */
  readonly distinguisherMethod?: { readonly type: FlowDistinguisherMethodType };
  readonly rules?: readonly PolicyRulesWithSubjects[];
}

/** `FlowSchema` (flowcontrol.apiserver.k8s.io/v1). */
export interface FlowSchema {
  readonly apiVersion?: string;
  readonly kind?: 'FlowSchema';
  readonly metadata: FlowControlObjectMeta;
  readonly spec: FlowSchemaSpec;
}

/** `QueuingConfiguration`; v1 defaults: queues 64, handSize 8, queueLengthLimit 50. */
export interface QueuingConfiguration {
  readonly queues?: number;
  readonly handSize?: number;
  readonly queueLengthLimit?: number;
}

/** `LimitResponse`: queue excess requests or reject them at once. */
export interface LimitResponse {
  readonly type: 'Queue' | 'Reject';
  readonly queuing?: QueuingConfiguration;
}

/** `LimitedPriorityLevelConfiguration`; v1 defaults: nominalConcurrencyShares 30, lendablePercent 0, borrowingLimitPercent unlimited. */
export interface LimitedPriorityLevelConfiguration {
  readonly nominalConcurrencyShares?: number;
  readonly lendablePercent?: number;
  readonly borrowingLimitPercent?: number;
  readonly limitResponse: LimitResponse;
}

/** `ExemptPriorityLevelConfiguration`; both default to 0. */
export interface ExemptPriorityLevelConfiguration {
  readonly nominalConcurrencyShares?: number;
  readonly lendablePercent?: number;
}

/** `PriorityLevelConfigurationSpec`: `Exempt` only for the level named `exempt`. */
export interface PriorityLevelConfigurationSpec {
  readonly type: 'Exempt' | 'Limited';
  readonly limited?: LimitedPriorityLevelConfiguration;
  readonly exempt?: ExemptPriorityLevelConfiguration;
}

/** `PriorityLevelConfiguration` (flowcontrol.apiserver.k8s.io/v1). */
export interface PriorityLevelConfiguration {
  readonly apiVersion?: string;
  readonly kind?: 'PriorityLevelConfiguration';
  readonly metadata: FlowControlObjectMeta;
  readonly spec: PriorityLevelConfigurationSpec;
}

/** A whole APF configuration: the FlowSchemas and the PriorityLevelConfigurations they name. */
export interface FlowControlConfiguration {
  readonly flowSchemas: readonly FlowSchema[];
  readonly priorityLevels: readonly PriorityLevelConfiguration[];
}

/** Upstream `NameAll`, `VerbAll`, `APIGroupAll`, `ResourceAll`, `NamespaceEvery`, `NonResourceAll`. */
export const wildcard = '*';

/** Upstream `FlowSchemaMaxMatchingPrecedence`. */
export const flowSchemaMaxMatchingPrecedence = 10_000;

/** Names of the mandatory objects (upstream `PriorityLevelConfigurationNameExempt`, `...CatchAll`, `FlowSchemaNameExempt`, `FlowSchemaNameCatchAll`). */
export const exemptName = 'exempt';
/** See `exemptName`. */
export const catchAllName = 'catch-all';
