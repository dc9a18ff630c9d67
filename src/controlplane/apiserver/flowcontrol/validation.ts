/**
 * Validation of user FlowSchemas and PriorityLevelConfigurations, after upstream
 * pkg/apis/flowcontrol/validation/validation.go (v1 rules: nominalConcurrencyShares may be 0,
 * lendablePercent 0..100, handSize ≤ queues and within the shuffle-sharding entropy), plus the
 * cross-object check upstream reports only as a `Dangling` status condition (a FlowSchema naming
 * a missing priority level). One deliberate difference: an explicit 0 for matchingPrecedence,
 * queues, handSize or queueLengthLimit is an error here, while upstream cannot tell 0 from unset
 * and silently applies the default; leaving the field out applies the default in both.
 */
import { mandatoryFlowSchemas, mandatoryPriorityLevelCatchAll } from './bootstrap-configuration.js';
import { defaultHandSize, defaultQueues } from './flowcontrol-defaults.js';
import {
  exemptName,
  flowSchemaMaxMatchingPrecedence,
  wildcard,
  type FlowControlConfiguration,
  type FlowSchema,
  type NonResourcePolicyRule,
  type PolicyRulesWithSubjects,
  type PriorityLevelConfiguration,
  type QueuingConfiguration,
  type ResourcePolicyRule,
  type Subject,
} from './flowcontrol-types.js';
import { maxHashBits, requiredEntropyBits } from './shuffle-shard.js';

/** One problem: `path` from the user's lists (`['flowSchemas', 2, 'spec', ...]` or `['priorityLevelConfigurations', 0, ...]`). */
export interface FlowControlProblem {
  readonly path: (string | number)[];
  readonly message: string;
}

type Path = (string | number)[];
type Report = (path: Path, message: string) => void;

const supportedVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'proxy', 'update', 'watch'];
const maxQueues = 10_000_000; // upstream priorityLevelConfigurationQueuingMaxQueues
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const quote = (values: readonly string[]): string => values.map((v) => `"${v}"`).join(', ');

function checkName(report: Report, path: Path, name: unknown, what: string): void {
  if (typeof name !== 'string' || name === '') report(path, `${what} is required`);
  else if (name.length > 253 || !dnsSubdomain.test(name)) report(path, `"${name}" must be a lowercase RFC 1123 subdomain`);
}

/** Checks an optional integer field: min inclusive; `what` completes "must be ...". */
function checkInt(report: Report, path: Path, v: number | undefined, min: number, max: number, what: string): void {
  if (v === undefined) return;
  if (!Number.isInteger(v)) report(path, `must be an integer, got ${String(v)}`);
  else if (v < min || v > max) report(path, `${what}, got ${v}`);
}

/** A list with `*` must hold nothing else; an empty list is `required`. */
function checkList(report: Report, path: Path, list: readonly string[] | undefined, required: string): boolean {
  if (list === undefined || list.length === 0) {
    report(path, required);
    return false;
  }
  if (list.length > 1 && list.includes(wildcard)) {
    report(path, `if '*' is present, must not specify other values`);
    return false;
  }
  return true;
}

function checkVerbs(report: Report, path: Path, verbs: readonly string[] | undefined): void {
  if (!checkList(report, path, verbs, 'verbs must contain at least one value') || verbs?.[0] === wildcard) return;
  for (const v of verbs ?? []) if (!supportedVerbs.includes(v)) report(path, `unsupported verb "${v}": supported values: ${quote(supportedVerbs)}`);
}

function checkSubject(report: Report, path: Path, s: Subject): void {
  const members = { User: 'user', Group: 'group', ServiceAccount: 'serviceAccount' } as const;
  const member = members[s.kind];
  if (member === undefined) {
    report([...path, 'kind'], `unsupported value "${String(s.kind)}": supported values: "Group", "ServiceAccount", "User"`);
    return;
  }
  for (const other of Object.values(members)) if (other !== member && s[other] !== undefined) report([...path, other], `${other} is forbidden when subject kind is "${s.kind}"`);
  if (s.kind === 'ServiceAccount') {
    const sa = s.serviceAccount;
    if (sa === undefined) return report([...path, member], `serviceAccount is required when subject kind is "ServiceAccount"`);
    if (!sa.name) report([...path, member, 'name'], 'name is required');
    if (!sa.namespace) report([...path, member, 'namespace'], 'must specify namespace for service account');
    else if (!dnsLabel.test(sa.namespace)) report([...path, member, 'namespace'], `"${sa.namespace}" must be a DNS-1123 label`);
    return;
  }
  const named = s.kind === 'User' ? s.user : s.group;
  if (named === undefined) report([...path, member], `${member} is required when subject kind is "${s.kind}"`);
  else if (!named.name) report([...path, member, 'name'], 'name is required');
}

function checkResourceRule(report: Report, path: Path, r: ResourcePolicyRule): void {
  checkVerbs(report, [...path, 'verbs'], r.verbs);
  checkList(report, [...path, 'apiGroups'], r.apiGroups, 'resource rules must supply at least one api group');
  checkList(report, [...path, 'resources'], r.resources, 'resource rules must supply at least one resource');
  const ns = r.namespaces ?? [];
  if (ns.length === 0) {
    if (r.clusterScope !== true) report([...path, 'namespaces'], 'resource rules that are not cluster scoped must supply at least one namespace');
  } else if (checkList(report, [...path, 'namespaces'], ns, '') && ns[0] !== wildcard) {
    ns.forEach((n, i) => {
      if (!dnsLabel.test(n)) report([...path, 'namespaces', i], `each member of this list must be '*' or a DNS-1123 label, got "${n}"`);
    });
  }
}

function checkNonResourceURL(report: Report, path: Path, url: string): void {
  if (url === '/') return;
  if (!url.startsWith('/')) report(path, `"${url}" must start with slash`);
  else if (url.includes(' ')) report(path, `"${url}" must not contain white-space`);
  else if (url.includes('//')) report(path, `"${url}" must not contain double slash`);
  else if (url.includes('*') && (url.indexOf('*') !== url.length - 1 || !url.endsWith('/*'))) report(path, `"${url}": wildcard can only do suffix matching`);
}

function checkNonResourceRule(report: Report, path: Path, r: NonResourcePolicyRule): void {
  checkVerbs(report, [...path, 'verbs'], r.verbs);
  if (checkList(report, [...path, 'nonResourceURLs'], r.nonResourceURLs, 'nonResourceURLs must contain at least one value') && r.nonResourceURLs[0] !== wildcard) {
    r.nonResourceURLs.forEach((u, i) => checkNonResourceURL(report, [...path, 'nonResourceURLs', i], u));
  }
}

function checkRule(report: Report, path: Path, rule: PolicyRulesWithSubjects): void {
  if (rule.subjects === undefined || rule.subjects.length === 0) report([...path, 'subjects'], 'subjects must contain at least one value');
  rule.subjects?.forEach((s, i) => checkSubject(report, [...path, 'subjects', i], s));
  if ((rule.resourceRules?.length ?? 0) === 0 && (rule.nonResourceRules?.length ?? 0) === 0) {
    report(path, 'at least one of resourceRules and nonResourceRules has to be non-empty');
  }
  rule.resourceRules?.forEach((r, i) => checkResourceRule(report, [...path, 'resourceRules', i], r));
  rule.nonResourceRules?.forEach((r, i) => checkNonResourceRule(report, [...path, 'nonResourceRules', i], r));
}

const canonical = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x));

function checkFlowSchema(report: Report, path: Path, fs: FlowSchema, levels: ReadonlySet<string>): void {
  checkName(report, [...path, 'metadata', 'name'], fs.metadata?.name, 'metadata.name');
  const spec = fs.spec;
  if (spec === undefined) return report([...path, 'spec'], 'spec is required');
  const sp = [...path, 'spec'];
  const level = spec.priorityLevelConfiguration?.name;
  if (!level) report([...sp, 'priorityLevelConfiguration', 'name'], 'must reference a priority level');
  else if (!levels.has(level)) report([...sp, 'priorityLevelConfiguration', 'name'], `priority level "${level}" not found`);
  const mp = spec.matchingPrecedence;
  checkInt(report, [...sp, 'matchingPrecedence'], mp, 1, flowSchemaMaxMatchingPrecedence, `must be between 1 and ${flowSchemaMaxMatchingPrecedence}`);
  if (mp === 1 && fs.metadata?.name !== exemptName) report([...sp, 'matchingPrecedence'], `only the schema named 'exempt' may have matchingPrecedence 1`);
  const dm = spec.distinguisherMethod;
  if (dm !== undefined && dm.type !== 'ByUser' && dm.type !== 'ByNamespace') {
    report([...sp, 'distinguisherMethod', 'type'], `unsupported value "${String(dm.type)}": supported values: "ByNamespace", "ByUser"`);
  }
  spec.rules?.forEach((rule, i) => checkRule(report, [...sp, 'rules', i], rule));
  const mandatory = mandatoryFlowSchemas.find((m) => m.metadata.name === fs.metadata?.name);
  if (mandatory !== undefined && canonical(spec) !== canonical(mandatory.spec)) report(sp, `spec of '${mandatory.metadata.name}' must equal the fixed value`);
}

function checkQueuing(report: Report, path: Path, q: QueuingConfiguration): void {
  checkInt(report, [...path, 'queueLengthLimit'], q.queueLengthLimit, 1, Infinity, 'must be positive');
  checkInt(report, [...path, 'queues'], q.queues, 1, maxQueues, `must be positive and not greater than ${maxQueues}`);
  checkInt(report, [...path, 'handSize'], q.handSize, 1, Infinity, 'must be positive');
  const queues = q.queues ?? defaultQueues;
  const handSize = q.handSize ?? defaultHandSize;
  if (!(Number.isInteger(queues) && queues > 0 && Number.isInteger(handSize) && handSize > 0)) return;
  if (handSize > queues) report([...path, 'handSize'], `should not be greater than queues (${queues}), got ${handSize}`);
  else if (requiredEntropyBits(queues, handSize) > maxHashBits) {
    report([...path, 'handSize'], `required entropy bits of deckSize ${queues} and handSize ${handSize} should not be greater than ${maxHashBits}`);
  }
}

function checkPriorityLevel(report: Report, path: Path, pl: PriorityLevelConfiguration): void {
  const name = pl.metadata?.name;
  checkName(report, [...path, 'metadata', 'name'], name, 'metadata.name');
  const spec = pl.spec;
  if (spec === undefined) return report([...path, 'spec'], 'spec is required');
  const sp = [...path, 'spec'];
  if (spec.type !== 'Exempt' && spec.type !== 'Limited') return report([...sp, 'type'], `unsupported value "${String(spec.type)}": supported values: "Exempt", "Limited"`);
  if ((name === exemptName) !== (spec.type === 'Exempt')) report([...sp, 'type'], `type must be 'Exempt' if and only if name is 'exempt'`);
  const shares = 'must be a non-negative integer';
  if (spec.type === 'Exempt') {
    if (spec.limited !== undefined) report([...sp, 'limited'], 'must be nil if the type is not Limited');
    checkInt(report, [...sp, 'exempt', 'nominalConcurrencyShares'], spec.exempt?.nominalConcurrencyShares, 0, Infinity, shares);
    checkInt(report, [...sp, 'exempt', 'lendablePercent'], spec.exempt?.lendablePercent, 0, 100, 'must be between 0 and 100, inclusive');
    return;
  }
  if (spec.exempt !== undefined) report([...sp, 'exempt'], 'must be nil if the type is Limited');
  const limited = spec.limited;
  if (limited === undefined) return report([...sp, 'limited'], 'must not be empty when type is Limited');
  const lp = [...sp, 'limited'];
  checkInt(report, [...lp, 'nominalConcurrencyShares'], limited.nominalConcurrencyShares, 0, Infinity, shares);
  checkInt(report, [...lp, 'lendablePercent'], limited.lendablePercent, 0, 100, 'must be between 0 and 100, inclusive');
  checkInt(report, [...lp, 'borrowingLimitPercent'], limited.borrowingLimitPercent, 0, Infinity, 'if specified, must be a non-negative integer');
  const lr = limited.limitResponse;
  if (lr === undefined) return report([...lp, 'limitResponse'], 'limitResponse is required');
  if (lr.type === 'Reject') {
    if (lr.queuing !== undefined) report([...lp, 'limitResponse', 'queuing'], `must be nil if limited.limitResponse.type is not Queue`);
  } else if (lr.type === 'Queue') {
    if (lr.queuing === undefined) report([...lp, 'limitResponse', 'queuing'], 'must not be empty if limited.limitResponse.type is Queue');
    else checkQueuing(report, [...lp, 'limitResponse', 'queuing'], lr.queuing);
  } else {
    report([...lp, 'limitResponse', 'type'], `unsupported value "${String(lr.type)}": supported values: "Queue", "Reject"`);
  }
  if (name === mandatoryPriorityLevelCatchAll.metadata.name && canonical(spec) !== canonical(mandatoryPriorityLevelCatchAll.spec)) {
    report(sp, `spec of 'catch-all' must equal the fixed value`);
  }
}

function checkDuplicates(report: Report, key: string, names: readonly (string | undefined)[]): void {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (n === undefined || n === '') return;
    if (seen.has(n)) report([key, i, 'metadata', 'name'], `duplicate name "${n}"`);
    seen.add(n);
  });
}

/**
 * Every problem in the user's objects. `flowSchemas`/`priorityLevels` are the effective
 * configuration (references resolve against it); `userFlowSchemas`/`userPriorityLevels` are the
 * objects the user wrote, which are the ones checked and which paths index (default: all).
 */
export function validateFlowControl(
  flowSchemas: readonly FlowSchema[],
  priorityLevels: readonly PriorityLevelConfiguration[],
  userFlowSchemas: readonly FlowSchema[] = flowSchemas,
  userPriorityLevels: readonly PriorityLevelConfiguration[] = priorityLevels,
): FlowControlProblem[] {
  const problems: FlowControlProblem[] = [];
  const report: Report = (path, message) => problems.push({ path, message });
  const levels = new Set(priorityLevels.map((pl) => pl.metadata?.name));
  userPriorityLevels.forEach((pl, i) => checkPriorityLevel(report, ['priorityLevelConfigurations', i], pl));
  userFlowSchemas.forEach((fs, i) => checkFlowSchema(report, ['flowSchemas', i], fs, levels as ReadonlySet<string>));
  checkDuplicates(report, 'priorityLevelConfigurations', userPriorityLevels.map((pl) => pl.metadata?.name));
  checkDuplicates(report, 'flowSchemas', userFlowSchemas.map((fs) => fs.metadata?.name));
  return problems;
}

function mergeByName<T extends { readonly metadata: { readonly name: string } }>(base: readonly T[], user: readonly T[]): T[] {
  const userByName = new Map<string, T>();
  for (const o of user) if (!userByName.has(o.metadata?.name)) userByName.set(o.metadata?.name, o);
  const merged = base.map((o) => userByName.get(o.metadata.name) ?? o);
  const baseNames = new Set(base.map((o) => o.metadata.name));
  for (const o of userByName.values()) if (!baseNames.has(o.metadata?.name)) merged.push(o);
  return merged;
}

/**
 * The effective configuration: `bootstrap` with each object the user redefines (same name; the
 * first one if named twice) replaced in place, then the user's new objects in their order — what
 * the apiserver's config producer leaves when users own suggested objects
 * (apf.kubernetes.io/autoupdate-spec: "false").
 */
export function mergeWithBootstrap(
  bootstrap: FlowControlConfiguration,
  userFlowSchemas: readonly FlowSchema[] = [],
  userPriorityLevels: readonly PriorityLevelConfiguration[] = [],
): FlowControlConfiguration {
  return { flowSchemas: mergeByName(bootstrap.flowSchemas, userFlowSchemas), priorityLevels: mergeByName(bootstrap.priorityLevels, userPriorityLevels) };
}
