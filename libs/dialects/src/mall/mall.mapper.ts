import type { DialectProfile } from '@app/authorization';
import type { UserView } from '@app/accounts';
import { TokenResponseDto, TokenResult, ValidatedAccessToken } from '@app/tokens';

/** Seed 002 (mall): standard wire names; codes issued here live 30 seconds (the document's promise). */
export const MALL_CODE_TTL_SECONDS = 30;

export const MALL_PROFILE: Readonly<DialectProfile> = Object.freeze({
  name: 'seed-002',
  codeTtlSeconds: MALL_CODE_TTL_SECONDS,
  requireState: false,
  extraRedirectParams: {},
  denial: { error: true, iss: true },
});

/**
 * The token response of /v1/oauth2/accessToken and refreshToken: RFC 6749 §5.1 plus the pairwise
 * `openid`, except that `scope` is null when the authorization request carried none — the
 * document's flow, whose answers print `"scope": null`.
 */
export type MallTokenView = Omit<TokenResponseDto, 'scope'> & { scope: string | null; openid?: string };

export function mallTokenView(result: TokenResult, openid?: string): MallTokenView {
  const view = TokenResponseDto.from(result);
  return Object.assign(view, { scope: result.scopeRequested ? view.scope : null }, openid ? { openid } : {});
}

/** The document's success envelope around getOpenId and getUserInfo results. */
export interface MallEnvelope<T> {
  status: 1;
  msg: string;
  result: T;
}

export function mallEnvelope<T>(result: T): MallEnvelope<T> {
  return { status: 1, msg: '操作成功!', result };
}

export interface MallOpenIdResult {
  access_token: string;
  client_id: string;
  /** The token's expiry in Unix seconds; -1 for a token that never expires. */
  expires: number;
  scope: string | null;
  open_id: string;
}

export function mallOpenIdResult(presented: string, token: ValidatedAccessToken, openid: string): MallOpenIdResult {
  return {
    access_token: presented,
    client_id: token.clientId,
    expires: token.expiresAt ? Math.floor(token.expiresAt.getTime() / 1000) : -1,
    scope: token.scopeRequested ? token.scopes.join(' ') : null,
    open_id: openid,
  };
}

/**
 * getUserInfo's result: the user's attributes, with `seller_name` first — the attribute of that
 * name when it is not empty, else the display name, else the username.
 */
export function mallUserInfo(user: Pick<UserView, 'username' | 'display_name' | 'attributes'>): Record<string, string> {
  const { seller_name: attribute, ...rest } = user.attributes;
  return { seller_name: attribute || user.display_name || user.username, ...rest };
}
