import { Transactions } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { InvalidGrantError, InvalidRequestError } from '@app/common';
import { AuthorizationCodes, RedeemedCode } from '@app/authorization';
import { UsersService } from '@app/accounts';
import { AuditLog } from '@app/persistence';
import { TokenIssuer } from '../generators/token-issuer';
import { IdTokens } from '../oidc/id-tokens.service';
import { TokenRevoker } from '../store/token-revoker';
import { TokenResult } from '../token-result';
import { codeBindingProblem } from './code-bindings';
import { GrantHandler, GrantRequest } from './grant-handler';
import { parseResourceParam } from './resource-param';

type Outcome = { result: TokenResult; code: RedeemedCode } | { refused: string };

/**
 * RFC 6749 §4.1.3 (authorization_code), RFC 7636 §4.6, RFC 9700 §4.2.4, OAuth 2.1 §4.1.3.
 * - the code is consumed and the tokens written in ONE transaction (#19: of N concurrent
 *   redemptions exactly one wins; never a consumed code without tokens, nor the reverse);
 * - a second redemption by the same client revokes every token of the code's grant (#18),
 *   also when it loses a race: the loser waits for the winner's commit and revokes its tokens;
 * - expired (#20) and unknown codes → invalid_grant;
 * - client, redirect_uri and PKCE bindings (#15, #16, #21, #22; see code-bindings.ts). A code
 *   that fails them stays consumed (as Spring does for a client mismatch): it has leaked;
 * - RFC 8707 `resource` (checked before the code is touched) sets the access token's aud.
 */
@Injectable()
export class AuthorizationCodeGrant implements GrantHandler {
  readonly grantType = 'authorization_code';
  readonly params = ['code', 'redirect_uri', 'code_verifier', 'resource'] as const;

  constructor(
    private readonly codes: AuthorizationCodes,
    private readonly transactions: Transactions,
    private readonly issuer: TokenIssuer,
    private readonly revoker: TokenRevoker,
    private readonly users: UsersService,
    private readonly audit: AuditLog,
    private readonly idTokens: IdTokens,
  ) {}

  async handle({ client, params, options }: GrantRequest): Promise<TokenResult> {
    const code = params.code;
    if (!code) throw new InvalidRequestError('code is required');
    const audience = parseResourceParam(params.resource);
    const now = new Date();
    const outcome = await this.transactions.run(async (m): Promise<Outcome> => {
      const consumed = await this.codes.consume(code, m, now);
      if (consumed.outcome === 'reused') {
        if (consumed.clientId === client.clientId) {
          await this.revoker.revokeFamily(consumed.grantId, m, now);
          await this.audit.record({ actor: `client:${client.clientId}`, ip: options.ip }, {
            action: 'token.code_reuse_detected', targetType: 'grant', targetId: consumed.grantId, reason: 'authorization code redeemed twice',
          }, m);
        }
        return { refused: 'The authorization code was already used' };
      }
      if (consumed.outcome !== 'redeemed') {
        return { refused: consumed.outcome === 'expired' ? 'The authorization code has expired' : 'The authorization code is invalid' };
      }
      const problem = codeBindingProblem(consumed.code, {
        clientId: client.clientId,
        requirePkce: client.requirePkce,
        redirectUri: params.redirect_uri,
        redirectUriOptional: options.redirectUriOptional === true,
        codeVerifier: params.code_verifier,
      });
      if (problem) return { refused: problem };
      const result = await this.issuer.issue({
        client,
        userId: consumed.code.userId,
        scopes: consumed.code.scopes,
        scopeRequested: consumed.code.scopeRequested,
        grantId: consumed.code.grantId,
        authTime: consumed.code.authTime,
        audience,
        lifetimes: options,
        refresh: client.grantTypes.includes('refresh_token') ? { scopes: consumed.code.scopes } : undefined,
      }, m, now);
      return { result, code: consumed.code };
    });
    if ('refused' in outcome) throw new InvalidGrantError(outcome.refused);
    await this.assertUserActive(outcome.result);
    // OIDC Core §3.1.3.3: an ID Token when the openid scope was granted (signed after the transaction).
    if (outcome.code.scopes.includes('openid')) {
      const { code, result } = outcome;
      result.idToken = await this.idTokens.issue({
        clientId: client.clientId, userId: code.userId, authTime: code.authTime, nonce: code.nonce, accessToken: result.accessToken,
      });
    }
    return outcome.result;
  }

  /** A user disabled between authorize and this redemption gets no working tokens. */
  private async assertUserActive(result: TokenResult): Promise<void> {
    const user = result.userId ? await this.users.findById(result.userId) : null;
    if (user && !user.disabled) return;
    await this.transactions.run((m) => this.revoker.revokeFamily(result.grantId, m));
    throw new InvalidGrantError('The user who granted this code is no longer active');
  }
}
