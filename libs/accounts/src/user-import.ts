import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ValidationError } from '@app/common';
import { ChangeFeed, UserEntity, findRowBy, insertRow } from '@app/persistence';
import { AccountEvents } from './account-events';
import { SessionStore } from './session-store';
import { validateUserId } from './user-id';
import { parseUserAttributes, sameAttributes, UserAttributes } from './user-attributes';
import { DISPLAY_NAME_MAX, validateUsername } from './users.service';
import { UsernameKeys, usernameHolders } from './username-holders';
import type { ImportOutcome } from './subject-overrides';

/** The password columns of an imported user, as the password schemes accepted them. */
export interface ImportedPassword {
  passwordHash: string;
  passwordScheme: string | null;
  passwordSalt: string | null;
  importedHashSha256: string;
}

/** A checked `user` line. */
export interface ImportedUser {
  id: string;
  username: string;
  /** null: no password here (delegated login only). */
  password: ImportedPassword | null;
  displayName: string | null;
  attributes: UserAttributes | null;
  disabled: boolean;
}

export interface UserImportResult {
  outcome: ImportOutcome;
  /** The password changed or the user was disabled: sessions and tokens must end (after commit). */
  credentialsChanged: boolean;
}

/**
 * Users brought over from the platform Gatehouse replaces, upserted by their kept `user_id` in
 * the caller's transaction. The imported hash is stored as given (verified by its scheme at
 * login, then re-hashed to argon2id); `imported_hash_sha256` remembers which hash string came in,
 * so importing the same file after that re-hash changes nothing. A name that another user holds
 * (ignoring case) is refused. `disabled` is taken as given for a new user; for an existing one a
 * re-import can disable it but never enable it again.
 */
@Injectable()
export class UserImport {
  /** SQLite, during a run: the lower-cased names in a temporary table (one index probe per line). */
  private keys: UsernameKeys | null = null;

  constructor(private readonly sessions: SessionStore, private readonly events: AccountEvents, private readonly feed: ChangeFeed) {}

  /** Before a run's first line (in a transaction of the run). */
  async beginRun(m: EntityManager): Promise<void> {
    this.keys = await UsernameKeys.build(m);
  }

  async endRun(m: EntityManager): Promise<void> {
    await this.keys?.drop(m);
    this.keys = null;
  }

  /** Field checks that need no I/O (the password is checked by the caller with the password schemes). */
  check(input: { user_id?: unknown; username?: unknown; display_name?: unknown; attributes?: unknown; disabled?: unknown }, password: ImportedPassword | null): ImportedUser {
    validateUserId(input.user_id);
    validateUsername(input.username);
    if (input.disabled !== undefined && typeof input.disabled !== 'boolean') throw new ValidationError('disabled', 'must be true or false');
    let displayName: string | null = null;
    if (input.display_name !== undefined && input.display_name !== null) {
      if (typeof input.display_name !== 'string') throw new ValidationError('display_name', 'must be a string');
      if (input.display_name.trim().length > DISPLAY_NAME_MAX) throw new ValidationError('display_name', `must be at most ${DISPLAY_NAME_MAX} characters`);
      displayName = input.display_name.trim() || null;
    }
    return {
      id: input.user_id as string,
      username: input.username as string,
      password,
      displayName,
      attributes: input.attributes === undefined ? null : parseUserAttributes(input.attributes),
      disabled: input.disabled === true,
    };
  }

  async apply(u: ImportedUser, m: EntityManager): Promise<UserImportResult> {
    const holders = this.keys ? await this.keys.holders(m, u.username) : await usernameHolders(m, u.username);
    if (holders.some((h) => h.id !== u.id)) throw new ValidationError('username', `"${u.username}" is taken by another user`);
    const existing = await findRowBy(m, UserEntity, { id: u.id });
    const now = new Date();
    if (!existing) {
      await insertRow(m, UserEntity, {
        id: u.id, username: u.username, passwordHash: u.password?.passwordHash ?? null, passwordScheme: u.password?.passwordScheme ?? null,
        passwordSalt: u.password?.passwordSalt ?? null, importedHashSha256: u.password?.importedHashSha256 ?? null,
        displayName: u.displayName, attributes: u.attributes, isAdmin: false, disabled: u.disabled, passwordChangedAt: null,
        createdAt: now, updatedAt: now,
      });
      await this.keys?.add(m, u.username, u.id);
      return { outcome: 'created', credentialsChanged: false };
    }
    const changes: Partial<UserEntity> = {};
    if (existing.username !== u.username) {
      changes.username = u.username;
      await this.keys?.rename(m, existing.username, u.username, u.id);
    }
    if (existing.displayName !== u.displayName) changes.displayName = u.displayName;
    if (!sameAttributes(existing.attributes, u.attributes)) changes.attributes = u.attributes;
    // A re-import may disable a user, never enable one an operator disabled here after the switch.
    if (u.disabled && !existing.disabled) changes.disabled = true;
    // The same hash string as last imported: unchanged, even after a login re-hashed it here.
    const passwordChanged = u.password
      ? existing.importedHashSha256 !== u.password.importedHashSha256
      : existing.importedHashSha256 !== null || existing.passwordHash !== null;
    if (passwordChanged) {
      Object.assign(changes, {
        passwordHash: u.password?.passwordHash ?? null, passwordScheme: u.password?.passwordScheme ?? null,
        passwordSalt: u.password?.passwordSalt ?? null, importedHashSha256: u.password?.importedHashSha256 ?? null, passwordChangedAt: now,
      });
    }
    if (Object.keys(changes).length === 0) return { outcome: 'unchanged', credentialsChanged: false };
    await m.update(UserEntity, { id: u.id }, { ...changes, updatedAt: now });
    await this.feed.publish(m, 'user', u.id); // every instance's cached view of the user
    return { outcome: 'updated', credentialsChanged: passwordChanged || changes.disabled === true };
  }

  /** After a committed change of password or a disable: the user's sessions end and tokens are revoked. */
  async endSessions(userId: string): Promise<void> {
    await this.sessions.destroyAllForUser(userId);
    await this.events.emitCredentialsChanged(userId);
  }

  async exists(userId: string, m: EntityManager): Promise<boolean> {
    const row = await findRowBy(m, UserEntity, { id: userId });
    return !!row && row.id === userId;
  }
}
