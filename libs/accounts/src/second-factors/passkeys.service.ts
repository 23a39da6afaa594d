import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type {
  AuthenticationResponseJSON, AuthenticatorTransport, PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { APP_CONFIG, AppConfig, ValidationError } from '@app/common';
import { AuditContext, AuditLog, Transactions, UserCredentialEntity } from '@app/persistence';

/**
 * @simplewebauthn/server is loaded at the first ceremony, not at start: with its certificate and
 * CBOR dependencies it was about a tenth of the start-up's CPU, for a feature few requests use.
 */
let webAuthnModule: typeof import('@simplewebauthn/server') | undefined;
function webAuthn(): typeof import('@simplewebauthn/server') {
  return (webAuthnModule ??= require('@simplewebauthn/server') as typeof import('@simplewebauthn/server'));
}

/** How long the browser may take over a ceremony (the challenge lives a little longer, see PASSKEY_CHALLENGE_SECONDS). */
export const PASSKEY_TIMEOUT_MS = 120_000;
/** How many passkeys one account may hold. */
export const MAX_PASSKEYS = 10;

export interface PasskeyView {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

/** What a passkey row keeps in `data` (the public key is in `secret`). */
interface PasskeyData {
  credentialId: string;
  counter: number;
  transports: string[];
  name: string;
  lastUsedAt: string | null;
}

/** Who the ceremony is for, as the authenticator shows it. */
export interface PasskeyOwner {
  id: string;
  username: string;
  displayName?: string | null;
}

export type PasskeyCheck =
  | { outcome: 'valid'; userId: string; userVerified: boolean }
  | { outcome: 'invalid'; reason: string };

/**
 * Passkeys (WebAuthn Level 2, with @simplewebauthn/server) of users and operators, one more kind
 * of second factor beside TOTP in user_credentials (type `webauthn`):
 * - the relying party is the ISSUER: rpID its host name, the expected origin its origin;
 * - the user handle is Gatehouse's user id (no personal data), so a discoverable credential names
 *   its account in a passwordless sign-in;
 * - challenges are made here and kept by the caller in the browser session (single use, short-lived);
 * - the signature counter is stored and checked by verifyAuthenticationResponse (a counter that
 *   does not go up means a cloned authenticator: refused); it is saved with a conditional UPDATE
 *   on the previous value, so two uses racing cannot both pass;
 * - adding and removing are audited.
 */
@Injectable()
export class Passkeys {
  private readonly rpID: string;
  private readonly origin: string;

  constructor(
    @InjectRepository(UserCredentialEntity) private readonly credentials: Repository<UserCredentialEntity>,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const issuer = new URL(config.server.issuer);
    this.rpID = issuer.hostname;
    this.origin = issuer.origin;
  }

  async list(userId: string): Promise<PasskeyView[]> {
    const rows = await this.rows(userId);
    return rows.map(({ row, data }) => ({ id: row.id, name: data.name, created_at: row.createdAt.toISOString(), last_used_at: data.lastUsedAt }));
  }

  async has(userId: string): Promise<boolean> {
    return this.credentials.exist({ where: { userId, type: 'webauthn' } });
  }

  async registrationOptions(owner: PasskeyOwner): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const existing = await this.rows(owner.id);
    if (existing.length >= MAX_PASSKEYS) throw new ValidationError('passkey', `an account holds at most ${MAX_PASSKEYS} passkeys; remove one first`);
    return webAuthn().generateRegistrationOptions({
      rpName: this.config.server.platformName,
      rpID: this.rpID,
      userID: Buffer.from(owner.id, 'utf8'),
      userName: owner.username,
      userDisplayName: owner.displayName ?? owner.username,
      timeout: PASSKEY_TIMEOUT_MS,
      attestationType: 'none',
      excludeCredentials: existing.map(({ data }) => ({ id: data.credentialId, transports: data.transports as AuthenticatorTransport[] })),
      // Discoverable when the authenticator can (then it also signs in without a password).
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
  }

  /** Checks the browser's answer to registrationOptions and stores the new passkey. */
  async register(userId: string, response: unknown, expectedChallenge: string, ctx: AuditContext, name?: unknown): Promise<PasskeyView> {
    let verified;
    try {
      verified = await webAuthn().verifyRegistrationResponse({
        response: response as RegistrationResponseJSON, expectedChallenge, expectedOrigin: this.origin, expectedRPID: this.rpID,
        requireUserVerification: false,
      });
    } catch (err) {
      throw new ValidationError('response', `the passkey could not be verified (${(err as Error).message})`);
    }
    if (!verified.verified) throw new ValidationError('response', 'the passkey could not be verified');
    const { credential } = verified.registrationInfo;
    const existing = await this.rows(userId);
    if (existing.some(({ data }) => data.credentialId === credential.id)) throw new ValidationError('response', 'this passkey is registered already');
    if (existing.length >= MAX_PASSKEYS) throw new ValidationError('passkey', `an account holds at most ${MAX_PASSKEYS} passkeys; remove one first`);
    const now = new Date();
    const label = typeof name === 'string' && name.trim() ? name.trim().slice(0, 64) : `Passkey ${existing.length + 1}`;
    const data: PasskeyData = { credentialId: credential.id, counter: credential.counter, transports: credential.transports ?? [], name: label, lastUsedAt: null };
    const id = randomUUID();
    await this.transactions.run(async (m) => {
      await m.insert(UserCredentialEntity, {
        id, userId, type: 'webauthn', secret: Buffer.from(credential.publicKey).toString('base64url'), data: JSON.stringify(data),
        lastStep: null, confirmedAt: now, usedAt: null, createdAt: now,
      });
      await this.audit.record(ctx, { action: 'user.passkey_added', targetType: 'user', targetId: userId, details: { method: 'webauthn', passkey: id } }, m);
    });
    return { id, name: label, created_at: now.toISOString(), last_used_at: null };
  }

  /**
   * Options for using a passkey: the user's own passkeys as a second factor, or (userId null) any
   * discoverable passkey of this site for a passwordless sign-in, where user verification is required.
   */
  async authenticationOptions(userId: string | null): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const allow = userId ? (await this.rows(userId)).map(({ data }) => ({ id: data.credentialId, transports: data.transports as AuthenticatorTransport[] })) : undefined;
    return webAuthn().generateAuthenticationOptions({
      rpID: this.rpID, timeout: PASSKEY_TIMEOUT_MS, allowCredentials: allow, userVerification: userId ? 'preferred' : 'required',
    });
  }

  /**
   * Checks an assertion against the stored passkey and records its new counter. `userId`: the
   * account of a pending sign-in (second factor); null: a passwordless sign-in, the account named
   * by the credential's user handle, and the user must have been verified (PIN, biometrics).
   */
  async authenticate(response: unknown, expectedChallenge: string, userId: string | null): Promise<PasskeyCheck> {
    const answer = response as AuthenticationResponseJSON;
    if (!answer || typeof answer !== 'object' || typeof answer.id !== 'string' || typeof answer.response !== 'object' || !answer.response) {
      return { outcome: 'invalid', reason: 'not a passkey response' };
    }
    const handle = typeof answer.response.userHandle === 'string' ? Buffer.from(answer.response.userHandle, 'base64url').toString('utf8') : null;
    if (userId && handle && handle !== userId) return { outcome: 'invalid', reason: 'the passkey belongs to another account' };
    const owner = userId ?? handle;
    if (!owner) return { outcome: 'invalid', reason: 'the passkey did not name its account' };
    const found = (await this.rows(owner)).find(({ data }) => data.credentialId === answer.id);
    if (!found) return { outcome: 'invalid', reason: 'unknown passkey' };
    const requireUserVerification = userId === null;
    let verified;
    try {
      verified = await webAuthn().verifyAuthenticationResponse({
        response: answer, expectedChallenge, expectedOrigin: this.origin, expectedRPID: this.rpID, requireUserVerification,
        credential: {
          id: found.data.credentialId, publicKey: Buffer.from(found.row.secret, 'base64url'), counter: found.data.counter,
          transports: found.data.transports as AuthenticatorTransport[],
        },
      });
    } catch (err) {
      // Includes a counter that did not increase (a cloned authenticator).
      return { outcome: 'invalid', reason: (err as Error).message };
    }
    if (!verified.verified) return { outcome: 'invalid', reason: 'the signature is not right' };
    const next: PasskeyData = { ...found.data, counter: verified.authenticationInfo.newCounter, lastUsedAt: new Date().toISOString() };
    const res = await this.transactions.statement((m) => m.createQueryBuilder().update(UserCredentialEntity).set({ data: JSON.stringify(next) })
      .where('id = :id AND data = :old', { id: found.row.id, old: found.row.data }).execute());
    if ((res.affected ?? 0) !== 1) return { outcome: 'invalid', reason: 'the passkey was used at the same moment' };
    return { outcome: 'valid', userId: owner, userVerified: verified.authenticationInfo.userVerified };
  }

  /** Removes one of the user's passkeys (audited); false when there is no such passkey. */
  async remove(userId: string, id: unknown, ctx: AuditContext): Promise<boolean> {
    if (typeof id !== 'string' || !id) return false;
    return this.transactions.run(async (m) => {
      const res = await m.delete(UserCredentialEntity, { id, userId, type: 'webauthn' });
      if (!res.affected) return false;
      await this.audit.record(ctx, { action: 'user.passkey_removed', targetType: 'user', targetId: userId, details: { method: 'webauthn', passkey: id } }, m);
      return true;
    });
  }

  private async rows(userId: string): Promise<{ row: UserCredentialEntity; data: PasskeyData }[]> {
    const rows = await this.credentials.find({ where: { userId, type: 'webauthn' }, order: { createdAt: 'ASC' } });
    return rows.map((row) => ({ row, data: JSON.parse(row.data ?? '{}') as PasskeyData }));
  }
}
