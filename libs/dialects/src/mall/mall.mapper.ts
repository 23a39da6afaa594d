import type { DialectProfile } from '@app/authorization';
import { TokenResponseDto, TokenResult } from '@app/tokens';

/** Seed 002 (mall): standard wire names; codes issued here live 30 seconds (the document's promise). */
export const MALL_CODE_TTL_SECONDS = 30;

export const MALL_PROFILE: Readonly<DialectProfile> = Object.freeze({
  name: 'seed-002',
  codeTtlSeconds: MALL_CODE_TTL_SECONDS,
  requireState: false,
  extraRedirectParams: {},
  denial: { error: true, iss: true },
});

/** The token response of /v1/oauth2/accessToken: RFC 6749 §5.1 plus the pairwise `openid`. */
export type MallTokenView = TokenResponseDto & { openid?: string };

export function mallTokenView(result: TokenResult, openid?: string): MallTokenView {
  return Object.assign(TokenResponseDto.from(result), openid ? { openid } : {});
}
