/**
 * NodeAffinity (PreFilter, Filter, PreScore, Score, NormalizeScore), after upstream
 * pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go and the selector semantics of
 * k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go: `nodeSelector` AND required
 * node affinity (terms ORed, requirements ANDed; a term with a parse error or no requirements matches
 * nothing), preferred terms summed by weight. Selectors are compiled once per selector object.
 */
import type { Node, NodeSelectorRequirement, NodeSelectorTerm } from '../../api/objects.js';
import type { CycleState } from '../framework/cycle-state.js';
import type { FilterPlugin, PreFilterPlugin, PreFilterResult, PreScorePlugin, ScorePlugin } from '../framework/extension-points.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { PluginArgsError, type PluginDefinition } from '../framework/registry.js';
import { MaxNodeScore, asError, skip, unresolvable, type Result } from '../framework/status.js';
import { argsArray, argsInteger, argsObject, argsString } from './resource-allocation-scorer.js';
import { defaultNormalizeScore } from './taint-toleration.js';

const NAME = 'NodeAffinity';
const PRE_SCORE_KEY = `PreScore${NAME}`;
type Path = readonly (string | number)[];

/** Upstream nodeaffinity.ErrReasonPod. */
export const errReasonPod = "node(s) didn't match Pod's node affinity/selector";
/** Upstream errReasonEnforced (the plugin's addedAffinity did not match). */
export const errReasonEnforced = "node(s) didn't match scheduler-enforced node affinity";
/** Upstream errReasonConflict (required terms pin disjoint node names). */
export const errReasonConflict = 'pod affinity terms conflict';

interface LabelReq { readonly key: string; readonly op: string; readonly values: ReadonlySet<string>; readonly bound: number }
interface FieldReq { readonly key: string; readonly equal: boolean; readonly value: string }
interface Term { readonly labels: readonly LabelReq[]; readonly fields: readonly FieldReq[] }
interface Weighted { readonly term: Term; readonly weight: number }
class ParseError { constructor(readonly path: Path, readonly message: string) {} }

const INT64 = /^[+-]?\d+$/;
/** strconv.ParseInt(v, 10, 64) as a number, or NaN (values beyond 2^53 lose precision). */
function parseInt64(v: string): number {
  if (!INT64.test(v)) return NaN;
  if (v.replace(/^[+-]/, '').length <= 18) return Number(v);
  const b = BigInt(v);
  return b > 9223372036854775807n || b < -9223372036854775808n ? NaN : Number(v);
}

function compileTerm(t: NodeSelectorTerm, path: Path): Term | ParseError {
  const labels: LabelReq[] = [];
  const fields: FieldReq[] = [];
  const exprs = t.matchExpressions ?? [];
  for (let i = 0; i < exprs.length; i++) {
    const r = exprs[i] as NodeSelectorRequirement;
    const p = [...path, 'matchExpressions', i];
    const values = r.values ?? [];
    let bound = NaN;
    switch (r.operator) {
      case 'In': case 'NotIn':
        if (values.length === 0) return new ParseError([...p, 'values'], "for 'in', 'notin' operators, values set can't be empty");
        break;
      case 'Exists': case 'DoesNotExist':
        if (values.length !== 0) return new ParseError([...p, 'values'], 'values set must be empty for exists and does not exist');
        break;
      case 'Gt': case 'Lt':
        if (values.length !== 1) return new ParseError([...p, 'values'], "for 'Gt', 'Lt' operators, exactly one value is required");
        bound = parseInt64(values[0] as string);
        if (Number.isNaN(bound)) return new ParseError([...p, 'values', 0], "for 'Gt', 'Lt' operators, the value must be an integer");
        break;
      default:
        return new ParseError([...p, 'operator'], 'supported values: "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"');
    }
    labels.push({ key: r.key, op: r.operator, values: new Set(values), bound });
  }
  const fieldReqs = t.matchFields ?? [];
  for (let i = 0; i < fieldReqs.length; i++) {
    const r = fieldReqs[i] as NodeSelectorRequirement;
    const p = [...path, 'matchFields', i];
    if (r.operator !== 'In' && r.operator !== 'NotIn') return new ParseError([...p, 'operator'], 'supported values: "In", "NotIn"');
    if (r.values?.length !== 1) return new ParseError([...p, 'values'], 'must have one element');
    fields.push({ key: r.key, equal: r.operator === 'In', value: r.values[0] as string });
  }
  return { labels, fields };
}

function isEmptyTerm(t: NodeSelectorTerm): boolean {
  return (t.matchExpressions?.length ?? 0) === 0 && (t.matchFields?.length ?? 0) === 0;
}

function labelMatches(r: LabelReq, labels: Readonly<Record<string, string>> | undefined): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, r.key);
  switch (r.op) {
    case 'In': return has && r.values.has(labels[r.key] as string);
    case 'NotIn': return !has || !r.values.has(labels[r.key] as string);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    default: {
      if (!has) return false;
      const v = parseInt64(labels[r.key] as string);
      if (Number.isNaN(v)) return false;
      return r.op === 'Gt' ? v > r.bound : v < r.bound;
    }
  }
}

function termMatches(t: Term, node: Node): boolean {
  const labels = node.metadata.labels;
  for (let i = 0; i < t.labels.length; i++) if (!labelMatches(t.labels[i] as LabelReq, labels)) return false;
  for (let i = 0; i < t.fields.length; i++) {
    const f = t.fields[i] as FieldReq;
    const value = f.key === 'metadata.name' ? node.metadata.name : '';
    if ((value === f.value) !== f.equal) return false;
  }
  return true;
}

/** Compiles a NodeSelector's terms; empty terms are dropped; `strict` throws on parse errors, else erroneous terms are dropped (they match nothing). */
function compileSelector(terms: readonly NodeSelectorTerm[], path: Path, strict: boolean): Term[] {
  const out: Term[] = [];
  terms.forEach((t, i) => {
    if (isEmptyTerm(t)) return;
    const c = compileTerm(t, [...path, i]);
    if (c instanceof ParseError) {
      if (strict) throw c;
    } else out.push(c);
  });
  return out;
}

function compilePreferred(terms: readonly { readonly weight: number; readonly preference: NodeSelectorTerm }[], path: Path): Weighted[] | ParseError {
  const out: Weighted[] = [];
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i] as (typeof terms)[number];
    if (t.weight === 0 || isEmptyTerm(t.preference)) continue;
    const c = compileTerm(t.preference, [...path, i, 'preference']);
    if (c instanceof ParseError) return c;
    out.push({ term: c, weight: t.weight });
  }
  return out;
}

function selectorMatches(terms: readonly Term[], node: Node): boolean {
  for (let i = 0; i < terms.length; i++) if (termMatches(terms[i] as Term, node)) return true;
  return false;
}

function preferredScore(terms: readonly Weighted[], node: Node): number {
  let score = 0;
  for (let i = 0; i < terms.length; i++) if (termMatches((terms[i] as Weighted).term, node)) score += (terms[i] as Weighted).weight;
  return score;
}

/** The pod's nodeSelector and required node affinity, compiled (upstream RequiredNodeAffinity). */
interface Required { readonly selector: readonly (readonly [string, string])[]; readonly terms: readonly Term[] | undefined }

const requiredCache = new WeakMap<object, readonly Term[]>();
const preferredCache = new WeakMap<object, Weighted[] | ParseError>();

function requiredOf(pod: PodInfo): Required {
  const spec = pod.pod.spec;
  const ns = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  let terms: readonly Term[] | undefined;
  if (ns !== undefined) {
    terms = requiredCache.get(ns);
    if (terms === undefined) requiredCache.set(ns, (terms = compileSelector(ns.nodeSelectorTerms, [], false)));
  }
  return { selector: spec.nodeSelector === undefined ? [] : Object.entries(spec.nodeSelector), terms };
}

function requiredMatches(r: Required, node: Node): boolean {
  const labels = node.metadata.labels;
  for (let i = 0; i < r.selector.length; i++) {
    const [k, v] = r.selector[i] as readonly [string, string];
    if (labels === undefined || !Object.hasOwn(labels, k) || labels[k] !== v) return false;
  }
  return r.terms === undefined || selectorMatches(r.terms, node);
}

function preferredOf(pod: PodInfo): Weighted[] | ParseError | undefined {
  const pref = pod.pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  if (pref === undefined) return undefined;
  let c = preferredCache.get(pref);
  if (c === undefined) preferredCache.set(pref, (c = compilePreferred(pref, ['spec', 'affinity', 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution'])));
  return c;
}

/** Parsed NodeAffinityArgs: the scheduler-enforced `addedAffinity`. */
interface AddedAffinity { readonly required: readonly Term[] | undefined; readonly preferred: readonly Weighted[] | undefined }

function parseRequirements(v: unknown, path: Path): NodeSelectorRequirement[] {
  return argsArray(v, path).map((r, i) => {
    const o = argsObject(r, [...path, i], ['key', 'operator', 'values']);
    return {
      key: argsString(o['key'], [...path, i, 'key']),
      operator: argsString(o['operator'], [...path, i, 'operator']) as NodeSelectorRequirement['operator'],
      values: argsArray(o['values'], [...path, i, 'values']).map((x, j) => argsString(x, [...path, i, 'values', j])),
    };
  });
}

function parseTerm(v: unknown, path: Path): NodeSelectorTerm {
  const o = argsObject(v, path, ['matchExpressions', 'matchFields']);
  return { matchExpressions: parseRequirements(o['matchExpressions'], [...path, 'matchExpressions']), matchFields: parseRequirements(o['matchFields'], [...path, 'matchFields']) };
}

/** Validates NodeAffinityArgs as upstream ValidateNodeAffinityArgs (selectors must parse); throws PluginArgsError. */
export function parseNodeAffinityArgs(raw: Readonly<Record<string, unknown>>): AddedAffinity {
  const args = argsObject(raw, [], ['addedAffinity']);
  if (args['addedAffinity'] === undefined || args['addedAffinity'] === null) return { required: undefined, preferred: undefined };
  const reqKey = 'requiredDuringSchedulingIgnoredDuringExecution';
  const prefKey = 'preferredDuringSchedulingIgnoredDuringExecution';
  const added = argsObject(args['addedAffinity'], ['addedAffinity'], [reqKey, prefKey]);
  try {
    let required: Term[] | undefined;
    if (added[reqKey] !== undefined && added[reqKey] !== null) {
      const path = ['addedAffinity', reqKey, 'nodeSelectorTerms'];
      const ns = argsObject(added[reqKey], ['addedAffinity', reqKey], ['nodeSelectorTerms']);
      required = compileSelector(argsArray(ns['nodeSelectorTerms'], path).map((t, i) => parseTerm(t, [...path, i])), path, true);
    }
    const prefPath = ['addedAffinity', prefKey];
    const prefRaw = argsArray(added[prefKey], prefPath).map((t, i) => {
      const o = argsObject(t, [...prefPath, i], ['weight', 'preference']);
      return { weight: argsInteger(o['weight'], [...prefPath, i, 'weight'], 0), preference: parseTerm(o['preference'] ?? {}, [...prefPath, i, 'preference']) };
    });
    const preferred = prefRaw.length === 0 ? undefined : compilePreferred(prefRaw, prefPath);
    if (preferred instanceof ParseError) throw preferred;
    return { required, preferred };
  } catch (e) {
    if (e instanceof ParseError) throw new PluginArgsError(e.path, e.message);
    throw e;
  }
}

class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;
  constructor(private readonly added: AddedAffinity) {}

  preFilter(state: CycleState, pod: PodInfo): PreFilterResult | null {
    const spec = pod.pod.spec;
    const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (required === undefined && this.added.required === undefined && spec.nodeSelector === undefined) return { status: skip };
    state.write(NAME, requiredOf(pod));
    if (required === undefined || required.nodeSelectorTerms.length === 0) return null;
    let nodeNames: Set<string> | undefined;
    for (const t of required.nodeSelectorTerms) {
      let termNames: Set<string> | undefined;
      for (const r of t.matchFields ?? []) {
        if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
        const s = new Set(r.values ?? []);
        termNames = termNames === undefined ? s : new Set([...termNames].filter((n) => s.has(n)));
      }
      if (termNames === undefined) return null; // a term without a name pin: every node is eligible
      nodeNames = new Set([...(nodeNames ?? []), ...termNames]);
    }
    if (nodeNames !== undefined && nodeNames.size === 0) return { status: unresolvable(errReasonConflict) };
    return nodeNames === undefined ? null : { status: null, nodeNames };
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Result {
    if (this.added.required !== undefined && !selectorMatches(this.added.required, node.node)) return unresolvable(errReasonEnforced);
    const required = state.read<Required>(NAME) ?? requiredOf(pod);
    return requiredMatches(required, node.node) ? null : unresolvable(errReasonPod);
  }

  preScore(state: CycleState, pod: PodInfo): Result {
    const preferred = preferredOf(pod);
    if (preferred instanceof ParseError) return asError(`${preferred.path.join('.')}: ${preferred.message}`);
    if (preferred === undefined && this.added.preferred === undefined) return skip;
    state.write(PRE_SCORE_KEY, preferred ?? []);
    return null;
  }

  /** Batch Score: `score` for every node, in this plugin's own loop. */
  scoreNodes(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array): void {
    for (let i = 0; i < nodes.length; i++) out[i] = this.score(state, pod, nodes[i] as NodeInfo);
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    let count = this.added.preferred === undefined ? 0 : preferredScore(this.added.preferred, node.node);
    let preferred: Weighted[] | ParseError | undefined = state.read<Weighted[]>(PRE_SCORE_KEY);
    if (preferred === undefined) preferred = preferredOf(pod);
    if (preferred !== undefined && !(preferred instanceof ParseError)) count += preferredScore(preferred, node.node);
    return count;
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: Float64Array): void {
    defaultNormalizeScore(MaxNodeScore, false, scores);
  }
}

/** NodeAffinity: nodeSelector AND required node affinity (plus args.addedAffinity) must match; preferred terms' weights are summed and normalised to 0..100. */
export const nodeAffinityPlugin: PluginDefinition = {
  name: NAME,
  factory: (args) => new NodeAffinity(parseNodeAffinityArgs(args)),
};
