import { InvalidScopeError } from '@app/common';
import type { AuthorizeContext } from '../authorize-context';
import { describeValues } from './describe-value';

/**
 * RFC 6749 §3.3: an omitted scope means the channel's scopes (the documented default); every
 * requested scope must be one operators defined AND one the channel was approved for
 * (PRODUCT.md "a client may only ask for the scopes it was approved for"), else invalid_scope.
 */
export function checkScope(ctx: AuthorizeContext): void {
  const client = ctx.client;
  const known = ctx.knownScopes;
  if (!client || !known) throw new Error('checkScope needs the client and the known scopes');
  const separator = ctx.request.scopeSeparator || ' ';
  const requested = [...new Set((ctx.request.scope ?? '').split(separator).map((s) => s.trim()).filter(Boolean))];
  if (requested.length === 0) {
    ctx.scopes = client.scopes.filter((s) => known.has(s));
    ctx.scopeRequested = false;
    if (ctx.scopes.length === 0) throw new InvalidScopeError('This application has no scopes to request');
    return;
  }
  const refused = requested.filter((s) => !known.has(s) || !client.scopes.includes(s));
  if (refused.length) throw new InvalidScopeError(`Scope not allowed for this application: ${describeValues(refused)}`);
  ctx.scopes = requested;
  ctx.scopeRequested = true;
}
