import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ConflictError, ForbiddenError, ValidationError } from '@app/common';
import { AuditContext, AuditLog, Transactions, UserEntity } from '@app/persistence';
import { PasswordHasher } from './passwords/password-hasher';
import { validateUserId } from './user-id';
import { DISPLAY_NAME_MAX, USERNAME_PATTERN, UsersService, validateUsername } from './users.service';
import { UserView } from './user.view';

/** What a platform says about a user it signed in (PRODUCT.md "Delegated login"). */
export interface ExternalUserInput {
  /** The platform's own id: it becomes the Gatehouse user id (/api/v1/me, seed 000 /user_id). */
  userId: unknown;
  username?: unknown;
  displayName?: unknown;
  /** Username for a new user when the platform sends none (the name typed on the login page). */
  fallbackUsername?: string;
}

/**
 * Users the platform vouches for (delegated login): created or updated with the platform's
 * `user_id`, without a password (they sign in through the platform). An operator's account
 * never: operators sign in locally, and a platform must not be able to open the console.
 * A disabled user stays disabled. A username that another user holds (case-insensitively) is a
 * conflict, never a merge.
 */
@Injectable()
export class ExternalUsers {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly directory: UsersService,
    private readonly audit: AuditLog,
    private readonly transactions: Transactions,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Whether this exact username has a password Gatehouse checks itself (operators, migrated users). */
  async hasLocalPassword(username: string): Promise<boolean> {
    if (typeof username !== 'string' || username.length === 0 || username.length > 64) return false;
    const row = await this.users.findOneBy({ username });
    return !!row && row.username === username && !!row.passwordHash;
  }

  /**
   * Lazy migration (LOGIN_VERIFY_MIGRATE): the password the platform just confirmed becomes the
   * user's argon2id hash, hashed outside any transaction and written only while the user has
   * none (`… AND password_hash IS NULL`), so a password set meanwhile by an operator wins.
   */
  async adoptPassword(id: string, password: string, ctx: AuditContext): Promise<boolean> {
    const hash = await this.hasher.hash(password);
    const now = new Date();
    return this.transactions.run(async (m) => {
      const res = await m.createQueryBuilder().update(UserEntity)
        .set({ passwordHash: hash, passwordScheme: null, passwordSalt: null, passwordChangedAt: now, updatedAt: now })
        .where('id = :id AND password_hash IS NULL', { id }).execute();
      if (res.affected !== 1) return false;
      await this.directory.forget(m, id);
      await this.audit.record(ctx, { action: 'user.password_migrated', targetType: 'user', targetId: id }, m);
      return true;
    });
  }

  /** Field errors (400) for what the platform sent, before anything is looked up. */
  check(input: ExternalUserInput): void {
    validateUserId(input.userId, 'user_id');
    if (input.username !== undefined && input.username !== null) validateUsername(input.username);
    checkDisplayName(input.displayName);
  }

  async upsert(input: ExternalUserInput, ctx: AuditContext): Promise<UserView> {
    this.check(input);
    try {
      return await this.write(input, ctx);
    } catch (err) {
      // Two sign-ins of a new user at the same moment: on MySQL both may try the INSERT (SQLite
      // runs them one after the other). The loser's unique key fails; once more, it finds the row.
      if (err instanceof ConflictError || err instanceof ForbiddenError) throw err;
      if (!(await this.users.existsBy({ id: input.userId as string }))) throw err;
      return this.write(input, ctx);
    }
  }

  private async write(input: ExternalUserInput, ctx: AuditContext): Promise<UserView> {
    const id = input.userId as string;
    const displayName = checkDisplayName(input.displayName);
    const wantedName = typeof input.username === 'string' ? input.username : undefined;
    const user = await this.transactions.run(async (m) => {
      const repo = m.getRepository(UserEntity);
      const existing = await repo.findOneBy({ id });
      if (existing && existing.id === id) {
        if (existing.isAdmin) throw new ForbiddenError(`user_id ${id} is an operator account; operators sign in with their local password`);
        if (existing.disabled) throw new ForbiddenError(`user ${id} is disabled in Gatehouse`);
        const changes: Partial<UserEntity> = {};
        if (wantedName && wantedName !== existing.username) {
          await assertNameFree(repo, wantedName, id);
          changes.username = wantedName;
        }
        if (displayName !== undefined && displayName !== existing.displayName) changes.displayName = displayName;
        if (Object.keys(changes).length === 0) return existing;
        const updated = { ...existing, ...changes, updatedAt: new Date() };
        await repo.update({ id }, { ...changes, updatedAt: updated.updatedAt });
        // Other instances may hold this user (username, display name) in their cache.
        await this.directory.forget(m, id);
        await this.audit.record(ctx, { action: 'user.updated', targetType: 'user', targetId: id, details: { source: 'platform', fields: Object.keys(changes) } }, m);
        return updated;
      }
      const username = wantedName ?? usableName(input.fallbackUsername) ?? usableName(id) ?? derivedName(id);
      await assertNameFree(repo, username, id);
      const now = new Date();
      const created = repo.create({
        id, username, passwordHash: null, passwordScheme: null, passwordSalt: null, importedHashSha256: null,
        displayName: displayName ?? null, isAdmin: false, disabled: false, passwordChangedAt: null, createdAt: now, updatedAt: now,
      });
      await m.insert(UserEntity, created);
      await this.audit.record(ctx, { action: 'user.created', targetType: 'user', targetId: id, details: { username, source: 'platform' } }, m);
      return created;
    });
    return UserView.from(user);
  }
}

async function assertNameFree(repo: Repository<UserEntity>, username: string, id: string): Promise<void> {
  const holder = await repo.createQueryBuilder('u').select('u.id', 'id')
    .where('LOWER(u.username) = :name', { name: username.toLowerCase() }).getRawOne<{ id: string }>();
  if (holder && holder.id !== id) throw new ConflictError(`username "${username}" belongs to another user`);
}

function usableName(value: string | undefined): string | undefined {
  return value && USERNAME_PATTERN.test(value) ? value : undefined;
}

/** A stable username for an id that is not one (e.g. "42" or "a b"): "user-" and 12 hex digits of its SHA-256. */
function derivedName(id: string): string {
  return `user-${createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 12)}`;
}

function checkDisplayName(value: unknown): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value !== 'string') throw new ValidationError('display_name', 'must be a string');
  const name = value.trim();
  if (name.length > DISPLAY_NAME_MAX) throw new ValidationError('display_name', `must be at most ${DISPLAY_NAME_MAX} characters`);
  return name || null;
}
