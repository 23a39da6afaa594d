import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { randomToken, sha256Hex, timeOrderedUuid, TOKEN_PREFIXES } from '@app/common';
import { AuthorizationCodeEntity, findRowBy, insertRow, Transactions } from '@app/persistence';

/**
 * Authorization codes (RFC 6749 §4.1.2, §10.5; RFC 9700 §4.2.4; OAuth 2.1 §4.1.3):
 * - 256 random bits behind the "ghc_" prefix; only the SHA-256 is stored;
 * - short-lived (per call: CODE_TTL, a channel's code_ttl, or a dialect's documented lifetime);
 * - bound to client, redirect_uri, PKCE challenge and user, and to the dialect (route) that
 *   issued it, which decides where it may be redeemed (issue 14 #5);
 * - redeemed by ONE conditional UPDATE (… WHERE consumed_at IS NULL AND expires_at > now), so of
 *   two concurrent redemptions exactly one wins; the caller passes its transaction so that the
 *   code is never consumed without its tokens being written, nor the reverse.
 */
export interface IssueCodeInput {
  clientId: string;
  userId: string;
  redirectUri: string;
  redirectUriProvided: boolean;
  scopes: readonly string[];
  /** Whether the authorization request carried a scope (default true). */
  scopeRequested?: boolean;
  codeChallenge?: string | null;
  codeChallengeMethod?: 'S256' | null;
  nonce?: string | null;
  authTime?: Date | null;
  /** RFC 8176 methods of the login (the session's); null = a password login recorded before amr was. */
  amr?: string[] | null;
  ttlSeconds: number;
  /** The issuing route's DialectProfile name; unset: "standard". */
  dialect?: string;
}

export interface RedeemedCode {
  id: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  redirectUriProvided: boolean;
  scopes: string[];
  scopeRequested: boolean;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  nonce: string | null;
  authTime: Date | null;
  amr: string[] | null;
  /** The grant this code starts: every token minted from it carries this id. */
  grantId: string;
  /** The route that issued it ("standard", "seed-000" …). */
  dialect: string;
}

export type ConsumeResult =
  | { outcome: 'redeemed'; code: RedeemedCode }
  /** Second redemption: the caller revokes everything issued under `grantId`. */
  | { outcome: 'reused'; grantId: string; clientId: string }
  | { outcome: 'expired' | 'unknown' };

@Injectable()
export class AuthorizationCodes {
  constructor(
    @InjectRepository(AuthorizationCodeEntity) private readonly codes: Repository<AuthorizationCodeEntity>,
    private readonly transactions: Transactions,
  ) {}

  async issue(input: IssueCodeInput): Promise<string> {
    const code = randomToken(TOKEN_PREFIXES.code);
    const now = new Date();
    // One prepared INSERT, no read-back (one round trip, no query building), as a single
    // statement: on SQLite never inside another request's open transaction, committed with the
    // other statements waiting beside it.
    const row = Object.assign(new AuthorizationCodeEntity(), {
      id: timeOrderedUuid(now.getTime()),
      codeHash: sha256Hex(code),
      clientId: input.clientId,
      userId: input.userId,
      redirectUri: input.redirectUri,
      redirectUriProvided: input.redirectUriProvided,
      scope: input.scopes.join(' '),
      scopeRequested: input.scopeRequested ?? true,
      dialect: input.dialect ?? 'standard',
      codeChallenge: input.codeChallenge ?? null,
      codeChallengeMethod: input.codeChallenge ? (input.codeChallengeMethod ?? 'S256') : null,
      nonce: input.nonce ?? null,
      authTime: input.authTime ?? null,
      amr: input.amr ?? null,
      grantId: timeOrderedUuid(now.getTime()),
      expiresAt: new Date(now.getTime() + input.ttlSeconds * 1000),
      consumedAt: null,
      createdAt: now,
    });
    await this.transactions.statement((m) => insertRow(m, AuthorizationCodeEntity, row));
    return code;
  }

  /** Redeems a code inside the caller's transaction (see the class comment). */
  async consume(code: string, manager: EntityManager, now = new Date()): Promise<ConsumeResult> {
    if (typeof code !== 'string' || code.length > 512) return { outcome: 'unknown' };
    const codeHash = sha256Hex(code);
    const res = await manager.createQueryBuilder().update(AuthorizationCodeEntity).set({ consumedAt: now })
      .where('code_hash = :codeHash AND consumed_at IS NULL AND expires_at > :now', { codeHash, now }).execute();
    const row = await findRowBy(manager, AuthorizationCodeEntity, { codeHash });
    if (!row) return { outcome: 'unknown' };
    if (res.affected === 1) {
      return {
        outcome: 'redeemed',
        code: {
          id: row.id, clientId: row.clientId, userId: row.userId, redirectUri: row.redirectUri,
          redirectUriProvided: row.redirectUriProvided, scopes: row.scope.split(' ').filter(Boolean),
          scopeRequested: row.scopeRequested,
          codeChallenge: row.codeChallenge, codeChallengeMethod: row.codeChallengeMethod, nonce: row.nonce,
          authTime: row.authTime, amr: row.amr ?? null, grantId: row.grantId, dialect: row.dialect,
        },
      };
    }
    if (row.consumedAt) return { outcome: 'reused', grantId: row.grantId, clientId: row.clientId };
    return { outcome: 'expired' };
  }

  /** Purge job: expired codes, in batches. */
  async purgeExpired(before: Date, batch = 1000): Promise<number> {
    const rows = await this.codes.createQueryBuilder('c').select('c.id', 'id').where('c.expires_at < :before', { before }).limit(batch).getRawMany<{ id: string }>();
    if (rows.length === 0) return 0;
    await this.codes.delete(rows.map((r) => r.id));
    return rows.length;
  }
}
