import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Not, Repository } from 'typeorm';
import { APP_CONFIG, AppConfig, ConflictError, KeyEncryption, serverKeySecret, ValidationError } from '@app/common';
import { AuditContext, AuditLog, RateLimiter, RateLimitRule, Transactions, UserCredentialEntity } from '@app/persistence';
import { newTotpSecret, totpStep, totpUri } from './totp';

/** How many one-time recovery codes an enrolment hands out. */
export const RECOVERY_CODE_COUNT = 10;

export class SecondFactorStatusView {
  @ApiProperty({ example: true, description: 'An authenticator app (TOTP) is set up and confirmed' })
  totp: boolean;

  @ApiProperty({ example: 9, description: 'One-time recovery codes not used yet' })
  recovery_codes_left: number;

  @ApiProperty({ example: 1, description: 'Passkeys (WebAuthn) registered' })
  passkeys: number;
}
export type SecondFactorStatus = SecondFactorStatusView;

export interface TotpEnrolment {
  /** Base32, for typing into an authenticator app (shown as #totp-secret). */
  secret: string;
  /** otpauth:// URI, for the QR code. */
  uri: string;
}

export type SecondFactorMethod = 'otp' | 'recovery';

export type SecondFactorAttempt =
  | { outcome: 'valid'; method: SecondFactorMethod }
  | { outcome: 'invalid' }
  /** Too many wrong codes for this account: nothing is checked until the lock ends. */
  | { outcome: 'throttled'; retryAfterSeconds: number };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** Recovery codes are typed by hand: lower case, no separators. */
const normalizeRecovery = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');

/**
 * Second factors (RFC 6238 TOTP and one-time recovery codes) of users and operators:
 * - enrolment in two steps: a secret (sealed at rest, like the server keys) that counts only once
 *   the user proves it with a first code; then ten recovery codes, shown once, stored as SHA-256;
 * - a TOTP code is accepted once: the step it belongs to is recorded with a conditional UPDATE
 *   (`last_step < step`), so the same code — or an older one — never passes again, even in a race
 *   (Keycloak #13607); the enrolment code counts as used too;
 * - a recovery code is consumed by a conditional UPDATE (`used_at IS NULL`);
 * - removal needs a fresh code; an operator's reset needs none; every change is audited.
 */
@Injectable()
export class SecondFactors {
  private readonly sealing: KeyEncryption;

  constructor(
    @InjectRepository(UserCredentialEntity) private readonly credentials: Repository<UserCredentialEntity>,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
  ) {
    this.sealing = new KeyEncryption(serverKeySecret(config));
  }

  async status(userId: string): Promise<SecondFactorStatus> {
    const rows = await this.credentials.find({ where: { userId } });
    return {
      totp: rows.some((r) => r.type === 'totp' && r.confirmedAt),
      recovery_codes_left: rows.filter((r) => r.type === 'recovery' && !r.usedAt).length,
      passkeys: rows.filter((r) => r.type === 'webauthn' && r.confirmedAt).length,
    };
  }

  /** Whether the user has a confirmed second factor, an authenticator app or a passkey (then signing in asks for it). */
  async enrolled(userId: string): Promise<boolean> {
    return this.credentials.exist({ where: { userId, type: In(['totp', 'webauthn']), confirmedAt: NotNull() } });
  }

  /** Whether the user has a confirmed authenticator app (then the code form is offered). */
  async hasTotp(userId: string): Promise<boolean> {
    return this.credentials.exist({ where: { userId, type: 'totp', confirmedAt: NotNull() } });
  }

  /** Starts (or restarts) a TOTP enrolment: a new secret that counts once confirmed. */
  async beginTotp(userId: string, account: string): Promise<TotpEnrolment> {
    if (await this.hasTotp(userId)) throw new ConflictError('an authenticator is already set up; remove it first');
    const secret = newTotpSecret();
    const id = randomUUID();
    await this.transactions.run(async (m) => {
      await m.delete(UserCredentialEntity, { userId, type: 'totp', confirmedAt: IsNull() });
      await m.insert(UserCredentialEntity, {
        id, userId, type: 'totp', secret: this.sealing.seal(secret, id), lastStep: null, confirmedAt: null, usedAt: null, createdAt: new Date(),
      });
    });
    return { secret, uri: totpUri(secret, account, this.config.server.platformName) };
  }

  /** The enrolment being confirmed (its secret, to show the page again after a wrong code). */
  async pendingTotp(userId: string, account: string): Promise<TotpEnrolment | null> {
    const row = await this.credentials.findOne({ where: { userId, type: 'totp', confirmedAt: IsNull() }, order: { createdAt: 'DESC' } });
    if (!row) return null;
    const secret = this.sealing.open(row.secret, row.id);
    return { secret, uri: totpUri(secret, account, this.config.server.platformName) };
  }

  /** Confirms the enrolment with a first code; returns the recovery codes (shown once). */
  async confirmTotp(userId: string, code: string, ctx: AuditContext, now = Date.now()): Promise<string[]> {
    const row = await this.credentials.findOne({ where: { userId, type: 'totp', confirmedAt: IsNull() }, order: { createdAt: 'DESC' } });
    if (!row) throw new ValidationError('code', 'start the set-up again: no authenticator is waiting for confirmation');
    const step = totpStep(this.sealing.open(row.secret, row.id), String(code ?? '').trim(), now);
    if (step === null) throw new ValidationError('code', 'the code is not right; check the time on your device and try the next code');
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => randomBytes(5).toString('hex'));
    await this.transactions.run(async (m) => {
      const confirmed = await m.createQueryBuilder().update(UserCredentialEntity).set({ confirmedAt: new Date(now), lastStep: step })
        .where('id = :id AND confirmed_at IS NULL', { id: row.id }).execute();
      if (!confirmed.affected) throw new ConflictError('this authenticator was confirmed already');
      await m.delete(UserCredentialEntity, { userId, type: 'recovery' });
      await m.insert(UserCredentialEntity, codes.map((c) => ({
        id: randomUUID(), userId, type: 'recovery' as const, secret: sha256(c), lastStep: null, confirmedAt: new Date(now), usedAt: null, createdAt: new Date(now),
      })));
      await this.audit.record(ctx, { action: 'user.mfa_enrolled', targetType: 'user', targetId: userId, details: { method: 'totp' } }, m);
    });
    return codes.map((c) => `${c.slice(0, 5)}-${c.slice(5)}`);
  }

  /**
   * A sign-in's second step: the code checked under the per-account throttle of passwords
   * (THROTTLE_LOGIN_PER_ACCOUNT wrong codes lock the step; a right code clears the count).
   */
  async attempt(userId: string, code: unknown): Promise<SecondFactorAttempt> {
    const t = this.config.throttle;
    const rule: RateLimitRule = { key: `mfa:user:${userId}`, limit: t.loginPerAccount, windowSeconds: t.loginPerAccountWindow };
    const wait = await this.limiter.blockedFor(rule);
    if (wait > 0) return { outcome: 'throttled', retryAfterSeconds: wait };
    const method = await this.verify(userId, code);
    if (!method) {
      await this.limiter.fail(rule);
      return { outcome: 'invalid' };
    }
    await this.limiter.reset(rule.key);
    return { outcome: 'valid', method };
  }

  /** Checks a TOTP or a recovery code, consuming it; null when it is wrong or was used. */
  async verify(userId: string, code: unknown, now = Date.now()): Promise<SecondFactorMethod | null> {
    const text = typeof code === 'string' ? code.trim().slice(0, 64) : '';
    if (!text) return null;
    if (/^\d{6}$/.test(text)) return (await this.acceptTotp(userId, text, now)) ? 'otp' : null;
    return (await this.consumeRecovery(userId, text, now)) ? 'recovery' : null;
  }

  /** Removes the user's authenticator app and recovery codes (passkeys stay); the user proves it with a fresh code. */
  async remove(userId: string, code: unknown, ctx: AuditContext): Promise<void> {
    if (!(await this.verify(userId, code))) throw new ValidationError('code', 'the code is not right');
    await this.transactions.run(async (m) => {
      await m.delete(UserCredentialEntity, { userId, type: In(['totp', 'recovery']) });
      await this.audit.record(ctx, { action: 'user.mfa_removed', targetType: 'user', targetId: userId }, m);
    });
  }

  /** An operator's reset (a lost phone): every second factor goes, passkeys too; no code needed; audited. */
  async reset(userId: string, ctx: AuditContext): Promise<boolean> {
    if (!(await this.credentials.exist({ where: { userId } }))) return false;
    await this.removeAll(userId, ctx, 'user.mfa_reset');
    return true;
  }

  private async removeAll(userId: string, ctx: AuditContext, action: string): Promise<void> {
    await this.transactions.run(async (m) => {
      await m.delete(UserCredentialEntity, { userId });
      await this.audit.record(ctx, { action, targetType: 'user', targetId: userId }, m);
    });
  }

  private async acceptTotp(userId: string, code: string, now: number): Promise<boolean> {
    const row = await this.credentials.findOne({ where: { userId, type: 'totp', confirmedAt: NotNull() } });
    if (!row) return false;
    const step = totpStep(this.sealing.open(row.secret, row.id), code, now);
    if (step === null) return false;
    const res = await this.transactions.statement((m) => m.createQueryBuilder().update(UserCredentialEntity).set({ lastStep: step })
      .where('id = :id AND (last_step IS NULL OR last_step < :step)', { id: row.id, step }).execute());
    return (res.affected ?? 0) === 1;
  }

  private async consumeRecovery(userId: string, code: string, now: number): Promise<boolean> {
    const hash = sha256(normalizeRecovery(code));
    const rows = await this.credentials.find({ where: { userId, type: 'recovery', usedAt: IsNull() } });
    const match = rows.find((r) => timingSafeEqual(Buffer.from(r.secret), Buffer.from(hash)));
    if (!match) return false;
    const res = await this.transactions.statement((m) => m.createQueryBuilder().update(UserCredentialEntity).set({ usedAt: new Date(now) })
      .where('id = :id AND used_at IS NULL', { id: match.id }).execute());
    return (res.affected ?? 0) === 1;
  }
}

const NotNull = () => Not(IsNull());
