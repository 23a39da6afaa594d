import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig, ConflictError, GoneError, NotFoundError, randomToken, sha256Hex, TOKEN_PREFIXES } from '@app/common';
import { LoginRequestEntity, LoginRequestState } from '@app/persistence';
import type { DialectProfile } from '../authorize/dialect-profile';
import { StartAgainError } from './start-again.error';

/** PRODUCT.md: a login challenge expires after 10 minutes. */
export const LOGIN_REQUEST_TTL_SECONDS = 600;

export interface NewLoginRequest {
  sessionId: string;
  clientId: string;
  requestedScope: string[];
  returnTo: string;
  target: LoginTarget;
  prompt: string | null;
  maxAge: number | null;
  loginHint: string | null;
}

export interface LoginTarget {
  redirectUri: string;
  state?: string;
  profile: DialectProfile;
}

/** A login request as the platform sees it (never the row, never a hash). */
export interface LoginRequestView {
  clientId: string;
  requestedScope: string[];
  prompt: string | null;
  maxAge: number | null;
  loginHint: string | null;
  state: LoginRequestState;
  expiresAt: Date;
}

/** What the browser's return to /login/resume finishes. */
export type ResumedLogin =
  | { kind: 'accepted'; userId: string; amr: string[]; returnTo: string }
  | { kind: 'rejected'; target: LoginTarget; description: string | null };

/**
 * Login requests of LOGIN_MODE=provider (DESIGN-NEXT §2.3, after ory/hydra's login flow):
 * - the challenge (for the platform) and the verifier (for the browser, minted at accept or
 *   reject) are 256 random bits each, stored only as SHA-256;
 * - each request is bound to the browser-session row that started it; many per session, so
 *   parallel tabs work;
 * - every transition is ONE conditional UPDATE from the expected state and before the expiry
 *   (pending → accepted | rejected → used), so of two racing accepts exactly one wins;
 * - 10 minutes from creation; the purge job deletes expired rows.
 */
@Injectable()
export class LoginRequests {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(LoginRequestEntity) private readonly rows: Repository<LoginRequestEntity>,
  ) {}

  /** Records a new request and returns its challenge (handed out once, in the platform URL). */
  async create(input: NewLoginRequest, now = new Date()): Promise<string> {
    const challenge = randomToken(TOKEN_PREFIXES.loginChallenge);
    await this.rows.insert({
      id: randomUUID(),
      challengeHash: sha256Hex(challenge),
      verifierHash: null,
      sessionId: input.sessionId,
      clientId: input.clientId,
      requestedScope: input.requestedScope.join(' '),
      returnTo: input.returnTo,
      target: input.target as never,
      prompt: input.prompt,
      maxAge: input.maxAge,
      loginHint: input.loginHint,
      state: 'pending',
      userId: null,
      amr: null,
      errorDescription: null,
      expiresAt: new Date(now.getTime() + LOGIN_REQUEST_TTL_SECONDS * 1000),
      createdAt: now,
      updatedAt: now,
    });
    return challenge;
  }

  /** The request behind a challenge: 404 unknown, 410 used or expired. */
  async describe(challenge: string, now = new Date()): Promise<LoginRequestView> {
    const row = await this.live(challenge, now);
    return {
      clientId: row.clientId, requestedScope: row.requestedScope.split(' ').filter(Boolean), prompt: row.prompt,
      maxAge: row.maxAge, loginHint: row.loginHint, state: row.state, expiresAt: row.expiresAt,
    };
  }

  /** The request while it may still be answered: 404, 410, or 409 once accepted or rejected. */
  async pending(challenge: string, now = new Date()): Promise<LoginRequestView> {
    const view = await this.describe(challenge, now);
    if (view.state !== 'pending') throw new ConflictError(`the login request was already ${view.state}`);
    return view;
  }

  /** pending → accepted with the user; returns the browser-facing redirect_to. */
  async accept(challenge: string, userId: string, amr: string[], now = new Date()): Promise<string> {
    return this.decide(challenge, { state: 'accepted', userId, amr, errorDescription: null }, now);
  }

  /** pending → rejected; the app will get access_denied (with the platform's description). */
  async reject(challenge: string, description: string | null, now = new Date()): Promise<string> {
    return this.decide(challenge, { state: 'rejected', userId: null, amr: null, errorDescription: description }, now);
  }

  /**
   * The browser came back with the verifier: accepted | rejected → used, only for the browser
   * session that started the request and before it expires. Anything else: "start again".
   */
  async resume(verifier: unknown, sessionId: string | null, now = new Date()): Promise<ResumedLogin> {
    if (typeof verifier !== 'string' || verifier.length === 0 || verifier.length > 128) throw StartAgainError.unknown();
    const verifierHash = sha256Hex(verifier);
    const row = await this.rows.findOneBy({ verifierHash });
    if (!row) throw StartAgainError.unknown();
    if (!sessionId || row.sessionId !== sessionId) throw StartAgainError.otherBrowser();
    if (row.expiresAt <= now) throw StartAgainError.expired();
    const from = row.state;
    if (from !== 'accepted' && from !== 'rejected') throw StartAgainError.used();
    const res = await this.rows.createQueryBuilder().update(LoginRequestEntity).set({ state: 'used', updatedAt: now })
      .where('verifier_hash = :verifierHash AND session_id = :sessionId AND state = :from AND expires_at > :now', { verifierHash, sessionId, from, now })
      .execute();
    if (res.affected !== 1) throw StartAgainError.used();
    if (from === 'accepted') return { kind: 'accepted', userId: row.userId as string, amr: row.amr ?? [], returnTo: row.returnTo };
    return { kind: 'rejected', target: row.target as unknown as LoginTarget, description: row.errorDescription };
  }

  private async decide(
    challenge: string,
    outcome: Pick<LoginRequestEntity, 'state' | 'userId' | 'amr' | 'errorDescription'>,
    now: Date,
  ): Promise<string> {
    const row = await this.live(challenge, now);
    if (row.state !== 'pending') throw new ConflictError(`the login request was already ${row.state}`);
    const verifier = randomToken(TOKEN_PREFIXES.loginVerifier);
    const res = await this.rows.createQueryBuilder().update(LoginRequestEntity)
      .set({ ...outcome, amr: outcome.amr as never, verifierHash: sha256Hex(verifier), updatedAt: now })
      .where('id = :id AND state = :pending AND expires_at > :now', { id: row.id, pending: 'pending', now })
      .execute();
    if (res.affected !== 1) {
      const current = await this.live(challenge, now);
      throw new ConflictError(`the login request was already ${current.state}`);
    }
    return `${this.config.server.issuer}/login/resume?login_verifier=${encodeURIComponent(verifier)}`;
  }

  private async live(challenge: string, now: Date): Promise<LoginRequestEntity> {
    if (typeof challenge !== 'string' || challenge.length === 0 || challenge.length > 128) throw new NotFoundError('no such login request');
    const row = await this.rows.findOneBy({ challengeHash: sha256Hex(challenge) });
    if (!row) throw new NotFoundError('no such login request (unknown challenge, or expired and purged)');
    if (row.state === 'used') throw new GoneError('the login request was already used; the browser must start again');
    if (row.expiresAt <= now) throw new GoneError('the login request has expired (10 minutes); the browser must start again');
    return row;
  }
}
