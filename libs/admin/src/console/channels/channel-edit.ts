import { ValidationError } from '@app/common';
import type { ClientPatch } from '@app/clients';
import { ConsoleForm, text } from '../pages/console-actions';

/**
 * The channel edit form as a ClientPatch: redirect URIs and allowed origins one per line (no
 * origins = the default), scopes as checkboxes,
 * lifetimes in seconds (empty = the server's default, -1 = never for token lifetimes). The
 * clients lib validates every value; here only the form's shapes are read.
 */
export function channelPatch(form: ConsoleForm): ClientPatch {
  const scopes = Array.isArray(form.scope) ? form.scope : typeof form.scope === 'string' ? [form.scope] : [];
  if (scopes.length === 0) throw new ValidationError('scope', 'choose at least one scope');
  return {
    client_name: text(form, 'client_name', 300),
    description: text(form, 'description') || null,
    owner_name: text(form, 'owner_name', 300) || null,
    redirect_uris: lines(form, 'redirect_uris'),
    allowed_origins: form.allowed_origins === undefined ? undefined : lines(form, 'allowed_origins').length ? lines(form, 'allowed_origins') : null,
    scope: scopes.filter((s): s is string => typeof s === 'string').join(' '),
    access_token_ttl: seconds(form, 'access_token_ttl'),
    refresh_token_ttl: seconds(form, 'refresh_token_ttl'),
    code_ttl: seconds(form, 'code_ttl'),
  } as ClientPatch;
}

function lines(form: ConsoleForm, name: string): string[] {
  return text(form, name, 20_000).split(/\r?\n/).map((u) => u.trim()).filter(Boolean);
}

function seconds(form: ConsoleForm, name: string): number | null {
  const value = text(form, name, 20);
  if (value === '') return null;
  if (!/^-?\d{1,10}$/.test(value)) throw new ValidationError(name, 'must be a whole number of seconds');
  return Number(value);
}
