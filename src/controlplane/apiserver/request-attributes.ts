/**
 * What the apiserver's authentication and request-info filters derive from a request: the
 * Kubernetes verb, API group, resource and the user's groups (kubelets authenticate as
 * `system:node:<name>` in `system:nodes`; service accounts as
 * `system:serviceaccount:<ns>:<name>` in `system:serviceaccounts` and
 * `system:serviceaccounts:<ns>`; every authenticated user is in `system:authenticated`).
 */
import { apiGroupOf, resourceName, type ApiRequest, type Verb } from './request.js';
import type { RequestDigest } from './flowcontrol/request-digest.js';

const kubeVerb: Readonly<Record<Verb, string>> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete', GET: 'get', LIST: 'list' };

/** The groups authentication gives `user`, plus `extra`. */
export function userGroups(user: string, extra: readonly string[] = []): string[] {
  const groups = ['system:authenticated'];
  if (user.startsWith('system:node:')) groups.push('system:nodes');
  if (user.startsWith('system:serviceaccount:')) {
    const ns = user.split(':')[2] ?? '';
    groups.push('system:serviceaccounts', `system:serviceaccounts:${ns}`);
  }
  for (const g of extra) if (!groups.includes(g)) groups.push(g);
  return groups;
}

/** The APF request digest of `req` (groups cached per user by the caller when hot). */
export function requestDigest(req: ApiRequest, groups: readonly string[]): RequestDigest {
  const sub = req.subresource;
  return {
    verb: kubeVerb[req.verb],
    apiGroup: apiGroupOf(req.kind),
    resource: resourceName(req.kind),
    ...(sub === undefined ? {} : { subresource: sub }),
    namespace: req.namespace ?? '',
    userName: req.user,
    groups,
  };
}
