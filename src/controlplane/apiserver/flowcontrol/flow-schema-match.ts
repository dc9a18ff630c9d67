/**
 * Classification: the first FlowSchema (ascending matchingPrecedence, then name) with a rule whose
 * subject and resource/non-resource rule match the request, and the flow distinguisher within it.
 * After upstream staging/src/k8s.io/apiserver/pkg/util/flowcontrol/rule.go (matching),
 * apf_controller.go (startRequest, computeFlowDistinguisher) and pkg/util/apihelpers/helpers.go
 * (FlowSchemaSequence order). Rules are compiled once into sets so a request costs a few lookups.
 */
import { matchingPrecedenceOf } from './flowcontrol-defaults.js';
import { wildcard, type FlowSchema, type PolicyRulesWithSubjects } from './flowcontrol-types.js';
import type { RequestDigest } from './request-digest.js';

/** A non-resource request (`/healthz`, `/metrics`): `resource` is '' and `path` is the URL path. */
export interface NonResourceRequestDigest extends RequestDigest {
  readonly path: string;
}

const allAuthenticated = 'system:authenticated';
const allUnauthenticated = 'system:unauthenticated';
const anonymousUser = 'system:anonymous';
const serviceAccountPrefix = 'system:serviceaccount:';
const allServiceAccounts = 'system:serviceaccounts';

/** `undefined` stands for "any" (a lone `*`). */
type NameSet = ReadonlySet<string> | undefined;
const nameSet = (list: readonly string[] | undefined): NameSet => (list !== undefined && list.length === 1 && list[0] === wildcard ? undefined : new Set(list ?? []));

interface CompiledResourceRule {
  readonly verbs: NameSet;
  readonly apiGroups: NameSet;
  readonly resources: NameSet;
  readonly clusterScope: boolean;
  readonly namespaces: NameSet;
}

interface CompiledNonResourceRule {
  readonly verbs: NameSet;
  /** Undefined: every path. */
  readonly exact: ReadonlySet<string> | undefined;
  /** `/a/b` and `/a/b/*` both match `/a/b/...` (upstream matchPolicyRuleNonResourceURL). */
  readonly prefixes: readonly string[];
}

interface CompiledRule {
  readonly anyUser: boolean;
  /** User names, including `system:serviceaccount:ns:name` of named service accounts. */
  readonly users: ReadonlySet<string>;
  readonly anyGroup: boolean;
  readonly groups: ReadonlySet<string>;
  /** `system:serviceaccount:ns:` of `ServiceAccount` subjects named `*`. */
  readonly serviceAccountPrefixes: readonly string[];
  readonly resourceRules: readonly CompiledResourceRule[];
  readonly nonResourceRules: readonly CompiledNonResourceRule[];
}

function compileRule(rule: PolicyRulesWithSubjects): CompiledRule {
  const users = new Set<string>();
  const groups = new Set<string>();
  const serviceAccountPrefixes: string[] = [];
  let anyUser = false;
  let anyGroup = false;
  for (const s of rule.subjects) {
    if (s.kind === 'User' && s.user !== undefined) {
      if (s.user.name === wildcard) anyUser = true;
      else users.add(s.user.name);
    } else if (s.kind === 'Group' && s.group !== undefined) {
      if (s.group.name === wildcard) anyGroup = true;
      else groups.add(s.group.name);
    } else if (s.kind === 'ServiceAccount' && s.serviceAccount !== undefined) {
      const { namespace, name } = s.serviceAccount;
      if (name === wildcard) serviceAccountPrefixes.push(`${serviceAccountPrefix}${namespace}:`);
      else users.add(`${serviceAccountPrefix}${namespace}:${name}`);
    }
  }
  return {
    anyUser,
    users,
    anyGroup,
    groups,
    serviceAccountPrefixes,
    resourceRules: (rule.resourceRules ?? []).map((r) => ({
      verbs: nameSet(r.verbs),
      apiGroups: nameSet(r.apiGroups),
      resources: nameSet(r.resources),
      clusterScope: r.clusterScope === true,
      namespaces: nameSet(r.namespaces),
    })),
    nonResourceRules: (rule.nonResourceRules ?? []).map((r) => {
      const urls = r.nonResourceURLs;
      const any = urls.length === 1 && urls[0] === wildcard;
      return {
        verbs: nameSet(r.verbs),
        exact: any ? undefined : new Set(urls),
        prefixes: any ? [] : urls.map((u) => (u.endsWith('*') ? u.slice(0, -1) : u)).map((p) => (p.endsWith('/') ? p : `${p}/`)),
      };
    }),
  };
}

/**
 * Whether `digest` carries group `group`, counting the groups authentication always adds:
 * `system:authenticated` for everyone but anonymous/`system:unauthenticated` requests, and
 * `system:serviceaccounts` plus `system:serviceaccounts:<ns>` for service-account users
 * (upstream authenticator group adders and serviceaccount.UserInfo).
 */
function hasGroup(digest: RequestDigest, groups: ReadonlySet<string>): boolean {
  for (const g of digest.groups) if (groups.has(g)) return true;
  const user = digest.userName;
  if (groups.has(allAuthenticated) && user !== anonymousUser && !digest.groups.includes(allUnauthenticated)) return true;
  if (user.startsWith(serviceAccountPrefix)) {
    if (groups.has(allServiceAccounts)) return true;
    const end = user.indexOf(':', serviceAccountPrefix.length);
    if (end > 0 && groups.has(`${allServiceAccounts}:${user.slice(serviceAccountPrefix.length, end)}`)) return true;
  }
  return false;
}

function matchesSubject(digest: RequestDigest, r: CompiledRule): boolean {
  if (r.anyUser || r.anyGroup || r.users.has(digest.userName)) return true;
  for (const p of r.serviceAccountPrefixes) if (digest.userName.startsWith(p)) return true;
  return r.groups.size > 0 && hasGroup(digest, r.groups);
}

const has = (set: NameSet, x: string): boolean => set === undefined || set.has(x);

function matchesRule(digest: RequestDigest, resource: string, path: string | undefined, r: CompiledRule): boolean {
  if (!matchesSubject(digest, r)) return false;
  if (path === undefined) {
    for (const rr of r.resourceRules) {
      if (!has(rr.verbs, digest.verb) || !has(rr.resources, resource) || !has(rr.apiGroups, digest.apiGroup)) continue;
      if (digest.namespace === '' ? rr.clusterScope : has(rr.namespaces, digest.namespace)) return true;
    }
    return false;
  }
  for (const nr of r.nonResourceRules) {
    if (!has(nr.verbs, digest.verb)) continue;
    if (nr.exact === undefined || nr.exact.has(path)) return true;
    for (const p of nr.prefixes) if (path.startsWith(p)) return true;
  }
  return false;
}

/** FlowSchemas in matching order: ascending matchingPrecedence, ties by name (upstream FlowSchemaSequence). */
export function sortFlowSchemas(flowSchemas: readonly FlowSchema[]): FlowSchema[] {
  return [...flowSchemas].sort((a, b) => matchingPrecedenceOf(a) - matchingPrecedenceOf(b) || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}

/** The flow distinguisher of `digest` under `fs`: the user name (ByUser), the namespace (ByNamespace) or ''. */
export function flowDistinguisher(digest: RequestDigest, fs: FlowSchema): string {
  const type = fs.spec.distinguisherMethod?.type;
  return type === 'ByUser' ? digest.userName : type === 'ByNamespace' ? digest.namespace : '';
}

/** The resource a rule sees: `resource` or `resource/subresource`. */
const ruleResource = (digest: RequestDigest): string => (digest.subresource ? `${digest.resource}/${digest.subresource}` : digest.resource);
const nonResourcePath = (digest: RequestDigest): string | undefined => (digest.resource === '' && 'path' in digest ? (digest as NonResourceRequestDigest).path : undefined);

/** Whether `digest` matches one of `fs`'s rules (upstream matchesFlowSchema); compiles `fs` each call, so prefer FlowSchemaClassifier. */
export function matchesFlowSchema(digest: RequestDigest, fs: FlowSchema): boolean {
  const resource = ruleResource(digest);
  const path = nonResourcePath(digest);
  return (fs.spec.rules ?? []).some((rule) => matchesRule(digest, resource, path, compileRule(rule)));
}

/** The FlowSchemas of a configuration, compiled and sorted, answering "which schema matches this request". */
export class FlowSchemaClassifier {
  /** In matching order. */
  readonly flowSchemas: readonly FlowSchema[];
  private readonly rules: readonly (readonly CompiledRule[])[];

  constructor(flowSchemas: readonly FlowSchema[]) {
    this.flowSchemas = sortFlowSchemas(flowSchemas);
    this.rules = this.flowSchemas.map((fs) => (fs.spec.rules ?? []).map(compileRule));
  }

  /** Index in `flowSchemas` of the first schema matching `digest`, or -1 if none does. */
  classify(digest: RequestDigest): number {
    const resource = ruleResource(digest);
    const path = nonResourcePath(digest);
    const all = this.rules;
    for (let i = 0; i < all.length; i++) {
      for (const r of all[i] as readonly CompiledRule[]) if (matchesRule(digest, resource, path, r)) return i;
    }
    return -1;
  }
}
