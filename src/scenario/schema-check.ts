/** Runs a JSON Schema (ajv) over part of a scenario and turns its errors into located problems. */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { CompileContext } from './compile-context.js';
import type { FieldPath } from './input-error.js';

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new WeakMap<object, ValidateFunction>();

/** Checks `value` (found at `base`) against `schema`; records problems; true when valid. */
export function checkSchema(ctx: CompileContext, schema: object, value: unknown, base: FieldPath): boolean {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return true;
  for (const err of dedupe(validate.errors ?? [])) {
    const { path, message } = describe(err);
    ctx.problem([...base, ...path], message);
  }
  return false;
}

/** ajv reports one error per failed keyword; keep the first per path so one mistake gives one message. */
function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.instancePath}|${e.keyword === 'additionalProperties' ? String(e.params['additionalProperty']) : ''}|${e.keyword === 'required' ? String(e.params['missingProperty']) : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(err: ErrorObject): { path: (string | number)[]; message: string } {
  const path = pointerToPath(err.instancePath);
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'additionalProperties':
      return { path: [...path, String(p['additionalProperty'])], message: 'unknown field' };
    case 'required':
      return { path: [...path, String(p['missingProperty'])], message: 'required field is missing' };
    case 'type': {
      const t = String(p['type']);
      const want = t === 'number,string' ? 'a number or an expression string' : t.replace(',', ' or ');
      return { path, message: `must be ${want}` };
    }
    case 'enum':
      return { path, message: `must be one of: ${(p['allowedValues'] as unknown[]).map(String).join(', ')}` };
    case 'const':
      return { path, message: `must be ${JSON.stringify(p['allowedValue'])}` };
    case 'minProperties':
    case 'maxProperties':
      return { path, message: `must have exactly one of its keys (${err.message ?? ''})` };
    case 'pattern':
      return { path, message: `must match ${String(p['pattern'])} (a DNS-1123 label: lower case letters, digits and '-')` };
    default:
      return { path, message: err.message ?? 'invalid' };
  }
}
