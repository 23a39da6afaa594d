import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ValidationError } from '@app/common';
import { ChangeFeed, UserEntity, findRowBy, findRowsMatching, insertRow, insertRows } from '@app/persistence';
import { AccountEvents } from './account-events';
import { SessionStore } from './session-store';
import { validateUserId } from './user-id';
import { parseUserAttributes, sameAttributes, UserAttributes } from './user-attributes';
import { DISPLAY_NAME_MAX, validateUsername } from './users.service';
import { UsernameKeys, usernameHolders, usernameHoldersOfMany } from './username-holders';
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
    const plan = planUser(u, existing, new Date());
    if (plan.kind === 'create') {
      await insertRow(m, UserEntity, plan.row);
      await this.keys?.add(m, [{ username: u.username, userId: u.id }]);
      return { outcome: 'created', credentialsChanged: false };
    }
    return this.update(u, existing!, plan, m);
  }

  /**
   * `apply` for several users at once (the importer's batches): one read of the name holders and
   * one of the users, then one multi-row INSERT of the new ones. The users must have distinct ids
   * and distinct names ignoring case; when any of them would fail, this throws (ValidationError)
   * and the caller writes them one by one instead.
   */
  async applyMany(users: readonly ImportedUser[], m: EntityManager): Promise<UserImportResult[]> {
    const names = users.map((u) => u.username);
    const holders = this.keys ? await this.keys.holdersOfMany(m, names) : await usernameHoldersOfMany(m, names);
    for (const u of users) {
      if ((holders.get(u.username.toLowerCase()) ?? []).some((id) => id !== u.id)) throw new ValidationError('username', `"${u.username}" is taken by another user`);
    }
    const rows = await findRowsMatching(m, UserEntity, users.map((u) => ({ id: u.id })));
    const existing = new Map(rows.map((r) => [r.id, r]));
    const now = new Date();
    const plans = users.map((u) => planUser(u, existing.get(u.id) ?? null, now));
    const creates = plans.flatMap((p) => (p.kind === 'create' ? [p.row] : []));
    await insertRows(m, UserEntity, creates);
    await this.keys?.add(m, creates.map((r) => ({ username: r.username, userId: r.id })));
    const results: UserImportResult[] = [];
    for (const [i, plan] of plans.entries()) {
      results.push(plan.kind === 'create' ? { outcome: 'created', credentialsChanged: false } : await this.update(users[i], existing.get(users[i].id)!, plan, m));
    }
    return results;
  }

  private async update(u: ImportedUser, existing: UserEntity, plan: Exclude<UserPlan, { kind: 'create' }>, m: EntityManager): Promise<UserImportResult> {
    if (plan.kind === 'unchanged') return { outcome: 'unchanged', credentialsChanged: false };
    if (plan.changes.username !== undefined) await this.keys?.rename(m, existing.username, u.username, u.id);
    await m.update(UserEntity, { id: u.id }, plan.changes);
    await this.feed.publish(m, 'user', u.id); // every instance's cached view of the user
    return { outcome: 'updated', credentialsChanged: plan.credentialsChanged };
  }

  /** After a committed change of password or a disable: the user's sessions end and tokens are revoked. */
  async endSessions(userId: string): Promise<void> {
    await this.sessions.destroyAllForUser(userId);
    await this.events.emitCredentialsChanged(userId);
  }

  /** Which of these users exist (one read). */
  async existing(userIds: readonly string[], m: EntityManager): Promise<Set<string>> {
    const rows = await findRowsMatching(m, UserEntity, [...new Set(userIds)].map((id) => ({ id })), ['id']);
    return new Set(rows.map((r) => r.id));
  }

  async exists(userId: string, m: EntityManager): Promise<boolean> {
    const row = await findRowBy(m, UserEntity, { id: userId });
    return !!row && row.id === userId;
  }
}

type UserPlan = { kind: 'create'; row: UserEntity } | { kind: 'unchanged' } | { kind: 'update'; changes: Partial<UserEntity>; credentialsChanged: boolean };

/** What importing `u` does to the stored user (or to none). */
function planUser(u: ImportedUser, existing: UserEntity | null, now: Date): UserPlan {
  if (!existing) {
    return {
      kind: 'create',
      row: {
        id: u.id, username: u.username, passwordHash: u.password?.passwordHash ?? null, passwordScheme: u.password?.passwordScheme ?? null,
        passwordSalt: u.password?.passwordSalt ?? null, importedHashSha256: u.password?.importedHashSha256 ?? null,
        displayName: u.displayName, attributes: u.attributes, isAdmin: false, disabled: u.disabled, passwordChangedAt: null,
        createdAt: now, updatedAt: now,
      } as UserEntity,
    };
  }
  const changes: Partial<UserEntity> = {};
  if (existing.username !== u.username) changes.username = u.username;
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
  if (Object.keys(changes).length === 0) return { kind: 'unchanged' };
  return { kind: 'update', changes: { ...changes, updatedAt: now }, credentialsChanged: passwordChanged || changes.disabled === true };
}
