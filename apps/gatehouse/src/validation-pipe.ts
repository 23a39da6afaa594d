import { ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

/** Own keys that name a member of Object.prototype (`constructor`, `hasOwnProperty`, `toString` …), and `prototype`. */
const OBJECT_MEMBERS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * The global ValidationPipe (whitelist + forbidNonWhitelisted) and what it cannot see by itself:
 * a key named like a member of Object.prototype. class-validator looks each key up among the
 * DTO's rules in a plain object, finds the inherited member there and takes the key for a known
 * property; before that, the pipe deletes `constructor` and `prototype` and class-transformer
 * skips any key whose name is a method of the instance. Such keys were accepted in silence.
 * Here they are refused like any other unknown field, with the same message
 * ("property toString should not exist", "scope.property toString should not exist" when
 * nested), beside every other error of the request, in bodies and query strings alike.
 */
export class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const shadowing = metadata.metatype && this.toValidate(metadata) ? memberKeyErrors(value) : [];
    if (shadowing.length === 0) return super.transform(value, metadata);
    const messages = messagesOf(await this.exceptionFactory(shadowing));
    try {
      await super.transform(value, metadata);
    } catch (err) {
      if (!(err instanceof BadRequestException)) throw err;
      messages.push(...messagesOf(err));
    }
    throw new BadRequestException(messages);
  }
}

/** One whitelist error per offending key, nested errors under their parent (as class-validator builds them). */
function memberKeyErrors(value: unknown): ValidationError[] {
  if (typeof value !== 'object' || value === null) return [];
  if (!Array.isArray(value) && !isPlainObject(value)) return [];
  const errors: ValidationError[] = [];
  for (const key of Object.keys(value)) {
    if (!Array.isArray(value) && OBJECT_MEMBERS.has(key)) {
      errors.push({ property: key, constraints: { whitelistValidation: `property ${key} should not exist` }, children: [] });
      continue;
    }
    const children = memberKeyErrors((value as Record<string, unknown>)[key]);
    if (children.length) errors.push({ property: key, children });
  }
  return errors;
}

/** A parsed body or query: Object.prototype, no prototype, or one without a prototype of its own (the query parser's). */
function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
}

function messagesOf(err: unknown): string[] {
  const body = err instanceof BadRequestException ? err.getResponse() : undefined;
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : body;
  return (Array.isArray(message) ? message : [message ?? 'Bad request']).map(String);
}
