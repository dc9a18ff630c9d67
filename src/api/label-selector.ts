/**
 * Label and node selector matching with upstream semantics (apimachinery labels.Selector and
 * component-helpers' nodeaffinity): requirements are ANDed, node selector terms ORed.
 */
import type { LabelSelector, LabelSelectorRequirement, Node, NodeSelectorRequirement, NodeSelectorTerm } from './objects.js';

type Labels = Readonly<Record<string, string>> | undefined;

function requirementMatches(r: LabelSelectorRequirement | NodeSelectorRequirement, labels: Labels): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? (labels as Record<string, string>)[r.key] : undefined;
  switch (r.operator) {
    case 'In':
      return has && (r.values ?? []).includes(value as string);
    case 'NotIn':
      return !has || !(r.values ?? []).includes(value as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || r.values === undefined || r.values.length !== 1) return false;
      const a = Number.parseInt(value as string, 10);
      const b = Number.parseInt(r.values[0] as string, 10);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
  }
}

/** True when `labels` satisfy the selector; an empty selector matches everything, an undefined one nothing (as upstream's LabelSelectorAsSelector of nil). */
export function matchesLabelSelector(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (selector === undefined) return false;
  const ml = selector.matchLabels;
  if (ml !== undefined) for (const k in ml) if (labels?.[k] !== ml[k]) return false;
  const me = selector.matchExpressions;
  if (me !== undefined) for (const r of me) if (!requirementMatches(r, labels)) return false;
  return true;
}

/** True when the node matches the term (matchExpressions on labels, matchFields on `metadata.name`); an empty term matches nothing. */
export function matchesNodeSelectorTerm(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const r of exprs) if (!requirementMatches(r, node.metadata.labels)) return false;
  for (const r of fields) {
    if (r.key !== 'metadata.name') return false;
    if (!requirementMatches(r, { 'metadata.name': node.metadata.name })) return false;
  }
  return true;
}

/** True when any term matches (NodeSelector semantics). */
export function matchesNodeSelectorTerms(terms: readonly NodeSelectorTerm[], node: Node): boolean {
  for (const t of terms) if (matchesNodeSelectorTerm(t, node)) return true;
  return false;
}
