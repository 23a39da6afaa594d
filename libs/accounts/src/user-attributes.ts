import { ValidationError } from '@app/common';

/** A user's attributes: a flat JSON object of string values that seed dialects answer from (002 getUserInfo). */
export type UserAttributes = Record<string, string>;

/** The most the serialised object may weigh, in UTF-8 bytes. */
export const ATTRIBUTES_MAX_BYTES = 4096;
export const ATTRIBUTE_NAME_MAX = 64;

/** Names that would shadow a member of Object.prototype when read back into a plain object. */
const RESERVED_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * The one check for attributes, wherever they come from (admin API, console, import): a plain
 * object whose values are strings, at most ATTRIBUTES_MAX_BYTES serialised. `null` clears them;
 * an empty object is the same as none and comes back as null. Throws a ValidationError naming
 * the field (`attributes`, or `attributes.<name>` for one value).
 */
export function parseUserAttributes(value: unknown, field = 'attributes'): UserAttributes | null {
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError(field, 'must be a JSON object of string values (or null to clear)');
  }
  const result: UserAttributes = {};
  for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
    if (name.length === 0 || name.length > ATTRIBUTE_NAME_MAX || /[\u0000-\u001f\u007f]/.test(name)) {
      throw new ValidationError(field, `attribute names must be 1-${ATTRIBUTE_NAME_MAX} characters without control characters`);
    }
    if (RESERVED_NAMES.has(name)) throw new ValidationError(`${field}.${name}`, 'is a reserved name');
    if (item !== null && typeof item === 'object') {
      throw new ValidationError(`${field}.${name}`, 'must be a string (attributes are flat: no nested objects or arrays)');
    }
    if (typeof item !== 'string') throw new ValidationError(`${field}.${name}`, 'must be a string');
    result[name] = item;
  }
  if (Object.keys(result).length === 0) return null;
  const bytes = Buffer.byteLength(JSON.stringify(result), 'utf8');
  if (bytes > ATTRIBUTES_MAX_BYTES) {
    throw new ValidationError(field, `must be at most ${ATTRIBUTES_MAX_BYTES} bytes when serialised as JSON (got ${bytes})`);
  }
  return result;
}

/** Whether two attribute sets hold the same names and values (order aside). */
export function sameAttributes(a: UserAttributes | null, b: UserAttributes | null): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && b![k] === a![k]);
}
