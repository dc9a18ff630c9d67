/**
 * CEL device selectors as Kubernetes compiles them for DRA (k8s.io/dynamic-resource-allocation/cel/
 * compile.go): one variable `device` with `driver`, `attributes[domain].name`,
 * `capacity[domain].name` (quantities) and `allowMultipleAllocations`, the standard CEL library
 * and Kubernetes' quantity functions, evaluated with @bufbuild/cel. Compiling checks syntax, that
 * the only free variable is `device` and that every function exists; evaluating to anything but
 * a bool, or failing (a missing attribute domain), does not select the device.
 */
import { celEnv, CelScalar, isCelError, mapType, parse, plan, type CelEnv, type CelInput } from '@bufbuild/cel';
import type { DeviceView } from './device-view.js';
import { quantityFunctions } from './quantity-functions.js';

/** A parsed CEL expression node. */
type Expr = ReturnType<typeof parse>['expr'];

const env: CelEnv = celEnv({ variables: { device: mapType(CelScalar.STRING, CelScalar.DYN) }, funcs: [...quantityFunctions] });

/** A compiled selector: evaluates to whether `device` is selected. */
export interface CompiledSelector {
  readonly expression: string;
  matches(device: DeviceView): boolean;
}

/** A compile outcome: the selector, or why it does not compile. */
export type CompileOutcome = { readonly selector: CompiledSelector } | { readonly error: string };

const cache = new Map<string, CompileOutcome>();

/** Compiles `expression` (memoised: the same text compiles once per process). */
export function compileSelector(expression: string): CompileOutcome {
  let out = cache.get(expression);
  if (out === undefined) {
    out = compileUncached(expression);
    cache.set(expression, out);
  }
  return out;
}

function compileUncached(expression: string): CompileOutcome {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(expression);
  } catch (e) {
    return { error: `CEL compile error: ${(e as Error).message.replace(/^<input>:/, 'at ')}` };
  }
  const problem = checkNames(parsed.expr, new Set());
  if (problem !== undefined) return { error: `CEL compile error: ${problem}` };
  let program: ReturnType<typeof plan>;
  try {
    program = plan(env, parsed);
  } catch (e) {
    return { error: `CEL compile error: ${(e as Error).message}` };
  }
  return {
    selector: {
      expression,
      matches(device: DeviceView): boolean {
        const known = device.selected.get(expression);
        if (known !== undefined) return known;
        const r = program({ device: device.cel as CelInput });
        const ok = !isCelError(r) && r === true;
        device.selected.set(expression, ok);
        return ok;
      },
    },
  };
}

/** An operator's internal name (`_==_`, `!_`, `@in`, `@not_strictly_false`): always defined. */
function isOperator(name: string): boolean {
  return name.startsWith('_') || name.startsWith('!') || name.startsWith('-') || name.startsWith('@');
}

/** Finds an undeclared identifier or unknown function in `e`; `bound` holds comprehension variables. */
function checkNames(e: Expr | undefined, bound: ReadonlySet<string>): string | undefined {
  if (e === undefined) return undefined;
  const k = e.exprKind;
  switch (k.case) {
    case 'identExpr':
      return k.value.name === 'device' || bound.has(k.value.name) ? undefined : `undeclared reference to '${k.value.name}' (the only variable is 'device')`;
    case 'selectExpr':
      return checkNames(k.value.operand, bound);
    case 'callExpr': {
      const name = k.value.function;
      if (!isOperator(name) && env.funcs.find(name) === undefined) return `undeclared reference to function '${name}'`;
      const t = checkNames(k.value.target, bound);
      if (t !== undefined) return t;
      for (const a of k.value.args) {
        const p = checkNames(a, bound);
        if (p !== undefined) return p;
      }
      return undefined;
    }
    case 'listExpr':
      for (const el of k.value.elements) {
        const p = checkNames(el, bound);
        if (p !== undefined) return p;
      }
      return undefined;
    case 'structExpr':
      for (const entry of k.value.entries) {
        const key = entry.keyKind.case === 'mapKey' ? checkNames(entry.keyKind.value, bound) : undefined;
        if (key !== undefined) return key;
        const v = checkNames(entry.value, bound);
        if (v !== undefined) return v;
      }
      return undefined;
    case 'comprehensionExpr': {
      const c = k.value;
      const inner = new Set([...bound, c.iterVar, c.accuVar, ...(c.iterVar2 === '' ? [] : [c.iterVar2])]);
      return checkNames(c.iterRange, bound) ?? checkNames(c.accuInit, bound) ?? checkNames(c.loopCondition, inner) ?? checkNames(c.loopStep, inner) ?? checkNames(c.result, inner);
    }
    default:
      return undefined;
  }
}
