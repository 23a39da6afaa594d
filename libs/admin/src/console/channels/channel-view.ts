import type { ClientView, ScopeView } from '@app/clients';

export const STATUSES = ['pending', 'approved', 'suspended', 'rejected'] as const;

/** What the channel pages show of a channel, with the actions its status allows. */
export function channelModel(c: ClientView, scopes: readonly ScopeView[]) {
  const granted = c.scope.split(' ').filter(Boolean);
  return {
    ...c,
    scopes: granted.map((name) => scopes.find((s) => s.name === name) ?? { name, description: name, description_zh: null }),
    scopeChoices: scopes.map((s) => ({ ...s, checked: granted.includes(s.name) })),
    redirectUrisText: c.redirect_uris.join('\n'),
    allowedOriginsText: c.allowed_origins_default ? '' : c.allowed_origins.join('\n'),
    isPublic: c.token_endpoint_auth_method === 'none',
    can: {
      approve: c.status === 'pending',
      reject: c.status === 'pending',
      suspend: c.status === 'approved',
      reactivate: c.status === 'suspended',
    },
  };
}
