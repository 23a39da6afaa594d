import type { AuthorizeRequest, DialectProfile } from '@app/authorization';
import { coreAuthorizeRequest } from '@app/authorization';
import type { RawParams } from '@app/common';
import type { TokenResult } from '@app/tokens';
import { commaScopes } from '../shared/scopes';

/**
 * Seed 000 (listener) wire names: `channel_id` is the client_id, `token` the client secret,
 * scopes are comma-separated, and `expires_at` carries the access token's lifetime in seconds
 * (as the document defines it, not an instant).
 */
export const LISTENER_PROFILE: Readonly<DialectProfile> = Object.freeze({
  name: 'seed-000',
  requireState: false,
  extraRedirectParams: {},
  // The document's denial is `redirect_uri?state=STATE`; its clients ignore the added error.
  denial: { error: true, iss: true },
});

export function listenerAuthorizeRequest(query: RawParams | undefined): AuthorizeRequest {
  return coreAuthorizeRequest(query, { clientIdParam: 'channel_id', scopeSeparator: ',' });
}

export interface ListenerTokenView {
  access_token: string;
  expires_at: number;
  user_id: string;
  scope: string;
}

export function listenerTokenView(result: TokenResult): ListenerTokenView {
  return {
    access_token: result.accessToken,
    expires_at: result.expiresIn,
    user_id: result.userId ?? '',
    scope: commaScopes(result.scope),
  };
}
