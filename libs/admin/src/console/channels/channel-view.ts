import { ClientView, neverExpiringTokens, ScopeView } from '@app/clients';

export const STATUSES = ['pending', 'approved', 'suspended', 'rejected'] as const;

/** What the channel pages show of a channel, with the actions its status allows. */
export function channelModel(c: ClientView, scopes: readonly ScopeView[]) {
  const granted = c.scope.split(' ').filter(Boolean);
  return {
    ...c,
    scopes: granted.map((name) => scopes.find((s) => s.name === name) ?? { name, description: name, description_zh: null }),
    scopeChoices: scopes.map((s) => ({ ...s, checked: granted.includes(s.name) })),
    redirectUrisText: c.redirect_uris.join('\n'),
    isPublic: c.token_endpoint_auth_method === 'none',
    neverExpires: neverExpiresOf(c),
    can: {
      approve: c.status === 'pending',
      reject: c.status === 'pending',
      suspend: c.status === 'approved',
      reactivate: c.status === 'suspended',
    },
  };
}

/** A row of the channel list: the channel and whether its tokens never expire (the badge). */
export function channelRow(c: ClientView) {
  return { ...c, neverExpires: neverExpiresOf(c) };
}

function neverExpiresOf(c: ClientView) {
  return neverExpiringTokens({ accessTokenTtl: c.access_token_ttl, refreshTokenTtl: c.refresh_token_ttl, sopPublicKey: c.sop_public_key });
}
