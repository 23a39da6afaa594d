import { InvalidScopeError } from '@app/common';

/** RFC 6749 §3.3: scope = scope-token *( SP scope-token ), scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]{1,64}$/;

/** The requested scopes, deduplicated; undefined when the parameter was omitted. */
export function parseScopeParam(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const scopes = [...new Set(value.split(' ').filter(Boolean))];
  if (scopes.length === 0) return undefined;
  const bad = scopes.find((s) => !SCOPE_TOKEN.test(s));
  if (bad !== undefined) throw new InvalidScopeError('scope is malformed');
  return scopes;
}

/** Throws invalid_scope naming what `requested` holds beyond `allowed`. */
export function assertScopesWithin(requested: readonly string[], allowed: readonly string[], what: string): void {
  const extra = requested.filter((s) => !allowed.includes(s));
  if (extra.length) throw new InvalidScopeError(`scope ${extra.map((s) => `"${s}"`).join(', ')} exceeds ${what}`);
}
