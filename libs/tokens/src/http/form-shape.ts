import { getMetadataStorage } from 'class-validator';

/**
 * A quick yes for the common case of a form DTO's validation: the back-channel DTOs declare only
 * `@IsString`, `@MaxLength` and `@IsOptional`, which are read once from class-validator's own
 * metadata and checked here without building a validator per request (class-validator was ~6 % of
 * a client_credentials token's server CPU). It only ever answers "valid": anything it does not
 * pass — a missing or over-long value, a DTO with any other rule — goes to class-validator, so the
 * answers and their messages stay class-validator's. `value.length` is never below the code-point
 * count that `@MaxLength` measures, so a value within it here is within it there.
 */
export type FormShape = (instance: Record<string, unknown>) => boolean;

interface Rule { property: string; optional: boolean; maxLength: number }

const shapes = new WeakMap<object, FormShape | null>();

/** The quick check for `dto`, or null when it declares a rule this does not know. */
export function formShapeOf(dto: new () => object): FormShape | null {
  if (shapes.has(dto)) return shapes.get(dto) ?? null;
  const shape = compile(dto);
  shapes.set(dto, shape);
  return shape;
}

function compile(dto: new () => object): FormShape | null {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const rules = new Map<string, Rule & { string: boolean }>();
  for (const m of metadata) {
    if (m.each || (m.groups && m.groups.length) || m.always) return null;
    const rule = rules.get(m.propertyName) ?? { property: m.propertyName, optional: false, maxLength: Infinity, string: false };
    rules.set(m.propertyName, rule);
    if (m.type === 'conditionalValidation' && m.name === 'isOptional') rule.optional = true;
    else if (m.type === 'customValidation' && m.name === 'isString') rule.string = true;
    else if (m.type === 'customValidation' && m.name === 'maxLength' && typeof m.constraints?.[0] === 'number') rule.maxLength = Math.min(rule.maxLength, m.constraints[0] as number);
    else return null;
  }
  const list = [...rules.values()];
  if (list.some((r) => !r.string)) return null;
  return (instance) => {
    for (const r of list) {
      const value = instance[r.property];
      if (value === undefined || value === null) {
        if (r.optional) continue;
        return false;
      }
      if (typeof value !== 'string' || value.length > r.maxLength) return false;
    }
    return true;
  };
}
