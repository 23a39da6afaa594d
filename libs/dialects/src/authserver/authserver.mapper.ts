import type { AuthorizeRequest, DialectProfile } from '@app/authorization';
import { coreAuthorizeRequest } from '@app/authorization';
import type { RegisteredClient, RegistrationInput } from '@app/clients';
import type { RawParams } from '@app/common';
import type { TokenResult } from '@app/tokens';
import { commaScopes } from '../shared/scopes';

/**
 * Seed 004 (authserver) wire shapes: registration by GET /client/add with camelCase names,
 * comma-separated scopes at /authorize, `{access_token, refresh_token, openid, scope,
 * expires_in}` token responses, and `{result, errcode, msg, data}` registration answers.
 */
export const AUTHSERVER_PROFILE: Readonly<DialectProfile> = Object.freeze({
  name: 'seed-004',
  requireState: false,
  extraRedirectParams: {},
  denial: { error: true, iss: true },
});

/** A channel registered through /client/add may ask for the seed's login scope and the resource API's. */
export const AUTHSERVER_SCOPE = 'snsapi_login user_id_read profile';

export function authserverAuthorizeRequest(query: RawParams | undefined): AuthorizeRequest {
  return coreAuthorizeRequest(query, { clientIdParam: 'client_id', scopeSeparator: ',' });
}

/**
 * The token request as the document writes it: its example URL sends the redirect URI under an
 * empty name (`&=YOUR_REGISTERED_REDIRECT_URI`) and its table calls grant_type "response_type";
 * both are read as meant. The redirect URI is still compared exactly with the authorize one.
 */
export function authserverCodeParams(params: Record<string, string>): Record<string, string> {
  const grantType = params.grant_type ?? (params.response_type === 'authorization_code' ? 'authorization_code' : undefined);
  const redirectUri = params.redirect_uri ?? params[''];
  return {
    ...(grantType ? { grant_type: grantType } : {}),
    ...(params.code ? { code: params.code } : {}),
    ...(redirectUri ? { redirect_uri: redirectUri } : {}),
  };
}

export interface AuthserverTokenView {
  access_token: string;
  refresh_token?: string;
  openid: string;
  scope: string;
  expires_in: number;
}

export function authserverTokenView(result: TokenResult, openid: string): AuthserverTokenView {
  return {
    access_token: result.accessToken,
    ...(result.refreshToken ? { refresh_token: result.refreshToken } : {}),
    openid,
    scope: commaScopes(result.scope),
    expires_in: result.expiresIn,
  };
}

export function registrationInput(params: Record<string, string>): RegistrationInput {
  return {
    client_name: params.clientName,
    redirect_uris: params.redirectUrl ? [params.redirectUrl] : [],
    description: params.description ?? null,
    scope: AUTHSERVER_SCOPE,
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'client_secret_post',
    // A channel that integrates through seed 004 refreshes as its document says: without the secret.
    secretless_refresh: true,
  };
}

export const AUTHSERVER_OK = { result: true, errcode: 2000, msg: '操作成功' } as const;

export function registeredView({ client, clientSecret }: RegisteredClient) {
  return {
    ...AUTHSERVER_OK,
    data: {
      clientId: client.client_id,
      clientName: client.client_name,
      clientSecret: clientSecret ?? '',
      description: client.description ?? '',
      redirectUrl: client.redirect_uris[0],
      status: client.status,
    },
  };
}

/** Field names of the JSON APIs, as the seed's clients know them. */
export function seedFieldNames(message: string): string {
  return message.replace(/\bclient_name\b/g, 'clientName').replace(/\bredirect_uris\b/g, 'redirectUrl');
}
