import { Transactions } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { InvalidGrantError, InvalidRequestError, sha256Hex } from '@app/common';
import { UsersService } from '@app/accounts';
import { AuditLog, RefreshTokenEntity } from '@app/persistence';
import { EntityManager } from 'typeorm';
import { TokenIssuer } from '../generators/token-issuer';
import { isExpired } from '../generators/token-lifetimes';
import { AccessTokens } from '../store/access-tokens.repository';
import { RefreshTokens } from '../store/refresh-tokens.repository';
import { TokenRevoker } from '../store/token-revoker';
import { TokenResult } from '../token-result';
import { GrantHandler, GrantRequest } from './grant-handler';
import { parseResourceParam } from './resource-param';
import { assertScopesWithin, parseScopeParam } from './scope-param';

type Outcome = { result: TokenResult } | { refused: string };

/**
 * RFC 6749 §6 (refresh_token), RFC 9700 §4.14.2, OAuth 2.1 §4.3.
 * - bound to the client it was issued to (#33);
 * - rotation (#30): the presented token is marked rotated by ONE conditional UPDATE and a new
 *   refresh + access token pair is returned; of two concurrent uses exactly one wins;
 * - reuse (#31): presenting a rotated token — or losing that race — revokes the whole family
 *   (every refresh and access token of the grant) and answers invalid_grant;
 * - scope (#32): an optional narrower scope; anything beyond the grant → invalid_scope;
 * - expiry (#34): idle (REFRESH_IDLE_TTL) and absolute (REFRESH_TOKEN_TTL / the channel's);
 * - the access tokens of the rotated token are revoked at once, or — for a channel with
 *   refresh_grace_seconds (seed 003: 600) — keep working that long (bounded, default 0).
 */
@Injectable()
export class RefreshTokenGrant implements GrantHandler {
  readonly grantType = 'refresh_token';
  readonly params = ['refresh_token', 'scope', 'resource'] as const;

  constructor(
    private readonly refreshTokens: RefreshTokens,
    private readonly accessTokens: AccessTokens,
    private readonly transactions: Transactions,
    private readonly issuer: TokenIssuer,
    private readonly revoker: TokenRevoker,
    private readonly users: UsersService,
    private readonly audit: AuditLog,
  ) {}

  async handle({ client, params, options }: GrantRequest): Promise<TokenResult> {
    const presented = params.refresh_token;
    if (!presented) throw new InvalidRequestError('refresh_token is required');
    const requested = parseScopeParam(params.scope);
    const audience = parseResourceParam(params.resource);
    const now = new Date();
    const row = presented.length <= 512 ? await this.refreshTokens.findByHash(sha256Hex(presented)) : null;
    if (!row || row.clientId !== client.clientId || row.revokedAt) throw new InvalidGrantError('The refresh token is invalid');
    if (row.rotatedAt) {
      await this.transactions.run((m) => this.revokeReused(row, options.ip, m, now));
      throw new InvalidGrantError('The refresh token was already used');
    }
    if (isExpired(row.expiresAt, now)) throw new InvalidGrantError('The refresh token has expired');
    const granted = row.scope.split(' ').filter(Boolean);
    if (requested) {
      assertScopesWithin(requested, granted, 'the scope originally granted');
      assertScopesWithin(requested, client.scopes, "the channel's approved scopes");
    }
    // Scopes an operator has since removed from the channel are not handed out again.
    const scopes = requested ?? granted.filter((s) => client.scopes.includes(s));
    if (row.userId) await this.assertUserActive(row.userId);

    const outcome = await this.transactions.run(async (m): Promise<Outcome> => {
      if (!(await this.refreshTokens.markRotated(row.id, now, m))) {
        // Lost a race with another use of the same token: that is reuse too.
        const current = await this.refreshTokens.findById(row.id, m);
        if (current?.rotatedAt) {
          await this.revokeReused(row, options.ip, m, now);
          return { refused: 'The refresh token was already used' };
        }
        return { refused: 'The refresh token is invalid' };
      }
      await this.accessTokens.retireForRefreshToken(row.id, client.refreshGraceSeconds || (options.defaultRefreshGraceSeconds ?? 0), now, m);
      const result = await this.issuer.issue({
        client,
        userId: row.userId,
        scopes,
        // A refresh that names a scope gets it back as asked; one that does not keeps the grant's fact.
        scopeRequested: requested ? true : row.scopeRequested,
        grantId: row.grantId,
        authTime: row.authTime,
        audience,
        lifetimes: options,
        refresh: { scopes: granted, parent: { id: row.id, absoluteExpiresAt: row.absoluteExpiresAt } },
      }, m, now);
      return { result };
    });
    if ('refused' in outcome) throw new InvalidGrantError(outcome.refused);
    return outcome.result;
  }

  private async revokeReused(row: RefreshTokenEntity, ip: string | null | undefined, m: EntityManager, now: Date): Promise<void> {
    await this.refreshTokens.revokeOne(row.id, now, m);
    await this.revoker.revokeFamily(row.grantId, m, now);
    await this.audit.record({ actor: `client:${row.clientId}`, ip }, {
      action: 'token.refresh_reuse_detected', targetType: 'grant', targetId: row.grantId, reason: 'rotated refresh token presented again',
    }, m);
  }

  private async assertUserActive(userId: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user || user.disabled) throw new InvalidGrantError('The user who granted this token is no longer active');
  }
}
