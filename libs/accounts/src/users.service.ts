import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ConflictError, NotFoundError, ValidationError } from '@app/common';
import { AuditContext, AuditLog, Transactions, UserEntity } from '@app/persistence';
import { AccountEvents } from './account-events';
import { PasswordHasher } from './passwords/password-hasher';
import { SessionStore } from './session-store';
import { isUserId } from './user-id';
import { parseUserAttributes, sameAttributes, UserAttributes } from './user-attributes';
import { UserView } from './user.view';

export interface CreateUserInput {
  username: string;
  password: string;
  displayName?: string | null;
  isAdmin?: boolean;
  /** Checked by parseUserAttributes; absent or null means none. */
  attributes?: unknown;
}

export interface UpdateUserInput {
  displayName?: string | null;
  password?: string;
  disabled?: boolean;
  isAdmin?: boolean;
  /** Replaces every attribute (parseUserAttributes); null or {} clears them. */
  attributes?: unknown;
}

export const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{3,64}$/;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
export const DISPLAY_NAME_MAX = 128;

/**
 * Users: creation, lookup, credential checks, updates. Every change is audited.
 * Usernames keep the case they were created with and are matched exactly; two names that differ
 * only in case cannot coexist (MySQL's collation would treat them as one, SQLite as two).
 */
export const USER_CACHE_TTL_MS = 5_000;

@Injectable()
export class UsersService {
  private readonly cache = new Map<string, { user: UserView; expires: number }>();
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLog,
    private readonly events: AccountEvents,
    private readonly sessions: SessionStore,
    private readonly transactions: Transactions,
  ) {}

  async create(input: CreateUserInput, ctx: AuditContext): Promise<UserView> {
    validateUsername(input.username);
    validatePassword(input.password);
    const displayName = checkDisplayName(input.displayName);
    const attributes = input.attributes === undefined ? null : parseUserAttributes(input.attributes);
    if (typeof input.isAdmin !== 'undefined' && typeof input.isAdmin !== 'boolean') throw new ValidationError('is_admin', 'must be true or false');
    if (await this.usernameTaken(input.username)) throw taken(input.username);
    const now = new Date();
    const user = this.users.create({
      id: randomUUID(),
      username: input.username,
      passwordHash: await this.hasher.hash(input.password),
      displayName,
      attributes,
      isAdmin: input.isAdmin ?? false,
      disabled: false,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    // Check and insert in one transaction. SQLite runs transactions one at a time and its unique
    // index is case-sensitive, so only this makes "dave" and "DAVE" created at the same moment
    // collide; on MySQL the (case-insensitive) unique index decides and the loser lands below.
    try {
      await this.transactions.run(async (m) => {
        const clash = await m.getRepository(UserEntity).createQueryBuilder('u')
          .where('LOWER(u.username) = :name', { name: input.username.toLowerCase() }).getExists();
        if (clash) throw taken(input.username);
        await m.insert(UserEntity, user);
        await this.audit.record(ctx, {
          action: user.isAdmin ? 'admin.created' : 'user.created',
          targetType: 'user',
          targetId: user.id,
          details: { username: user.username },
        }, m);
      });
    } catch (err) {
      if (err instanceof ConflictError) throw err;
      if (await this.usernameTaken(input.username)) throw taken(input.username);
      throw err;
    }
    return UserView.from(user);
  }

  /**
   * By id, through a small cache (USER_CACHE_TTL_MS): the bearer check, the token grants and the
   * browser session read the same user on every request. A change made on this instance evicts
   * it at once; other instances see it within the bound. Disabling a user or changing the password
   * does not rely on this: it ends the sessions and revokes the tokens in the database.
   */
  async findById(id: string): Promise<UserView | null> {
    if (!isUserId(id)) return null;
    const now = Date.now();
    const hit = this.cache.get(id);
    if (hit && hit.expires > now) return hit.user;
    const row = await this.users.findOneBy({ id });
    const user = row && row.id === id ? UserView.from(row) : null;
    if (this.cache.size > 10_000) this.cache.clear();
    if (user) this.cache.set(id, { user, expires: now + USER_CACHE_TTL_MS });
    return user;
  }

  async getById(id: string): Promise<UserView> {
    const user = await this.findById(id);
    if (!user) throw new NotFoundError(`user ${id} not found`);
    return user;
  }

  async findByUsername(username: string): Promise<UserView | null> {
    const user = await this.exactUser(username);
    return user ? UserView.from(user) : null;
  }

  /**
   * The only password check in the system (passport-local asks this). Unknown, disabled and
   * wrong-password accounts, and accounts without a password (delegated login only), all answer
   * null after comparable hashing work. The stored scheme picks the verifier; a right password
   * under another scheme (an imported hash) is re-hashed to argon2id here.
   */
  async verifyCredentials(username: string, password: string): Promise<UserView | null> {
    const user = await this.exactUser(username);
    const plain = String(password ?? '').slice(0, PASSWORD_MAX);
    const stored = user?.passwordHash ? { hash: user.passwordHash, scheme: user.passwordScheme, salt: user.passwordSalt } : null;
    const verdict = await this.hasher.verify(stored, plain);
    if (!user || !verdict.ok || user.disabled) return null;
    if (verdict.rehash) await this.rehash(user, plain);
    return UserView.from(user);
  }

  /**
   * Replaces a verified hash of another scheme (or weaker argon2 parameters) by our argon2id.
   * Hashing happens outside any transaction; the UPDATE applies only while the row still holds
   * the hash just verified, so a password reset that landed meanwhile wins. A failure here is
   * logged and the login goes on: the old hash still works next time.
   */
  private async rehash(user: UserEntity, password: string): Promise<void> {
    const old = user.passwordHash;
    try {
      const next = await this.hasher.hash(password);
      await this.transactions.statement((m) => m.update(UserEntity, { id: user.id, passwordHash: old },
        { passwordHash: next, passwordScheme: null, passwordSalt: null }));
    } catch (err) {
      this.logger.warn(`could not re-hash the password of user ${user.id}: ${(err as Error).message}`);
    }
  }

  async list(q: { search?: string; limit?: number; offset?: number } = {}): Promise<{ items: UserView[]; total: number }> {
    const qb = this.users.createQueryBuilder('u').orderBy('u.created_at', 'DESC').addOrderBy('u.id', 'ASC')
      .take(Math.min(Math.max(q.limit ?? 50, 1), 200)).skip(Math.max(q.offset ?? 0, 0));
    if (q.search) {
      // "!" escapes LIKE wildcards on SQLite and MySQL alike (SQLite has no default escape character).
      qb.where(`(u.username LIKE :s ESCAPE '!' OR u.display_name LIKE :s ESCAPE '!')`, { s: `%${q.search.replace(/[!%_]/g, '!$&')}%` });
    }
    const [rows, total] = await qb.getManyAndCount();
    return { items: rows.map(UserView.from), total };
  }

  async count(): Promise<number> {
    return this.users.count();
  }

  /** Writes only the changed columns; a password change or a disable ends the user's sessions. */
  async update(id: string, input: UpdateUserInput, ctx: AuditContext): Promise<UserView> {
    const user = isUserId(id) ? await this.users.findOneBy({ id }) : null;
    if (!user || user.id !== id) throw new NotFoundError(`user ${id} not found`);
    const changes: Partial<UserEntity> = {};
    if (input.displayName !== undefined) changes.displayName = checkDisplayName(input.displayName);
    if (input.attributes !== undefined) {
      const attributes = parseUserAttributes(input.attributes);
      if (!sameAttributes(user.attributes, attributes)) changes.attributes = attributes;
    }
    if (input.password !== undefined) {
      validatePassword(input.password);
      changes.passwordHash = await this.hasher.hash(input.password);
      changes.passwordScheme = null;
      changes.passwordSalt = null;
      changes.passwordChangedAt = new Date();
    }
    if (input.disabled !== undefined) {
      if (typeof input.disabled !== 'boolean') throw new ValidationError('disabled', 'must be true or false');
      if (input.disabled !== user.disabled) changes.disabled = input.disabled;
    }
    if (input.isAdmin !== undefined) {
      if (typeof input.isAdmin !== 'boolean') throw new ValidationError('is_admin', 'must be true or false');
      if (input.isAdmin !== user.isAdmin) changes.isAdmin = input.isAdmin;
    }
    const fields = Object.keys(changes).filter((k) => !['passwordChangedAt', 'passwordScheme', 'passwordSalt'].includes(k));
    if (fields.length === 0) return UserView.from(user);
    const updated = { ...user, ...changes, updatedAt: new Date() } as UserEntity;
    await this.users.update({ id }, { ...changes, updatedAt: updated.updatedAt });
    this.cache.delete(id);
    for (const field of fields) {
      await this.audit.record(ctx, { action: ACTIONS[field](updated), targetType: 'user', targetId: id, details: { field: COLUMN[field] ?? field } });
    }
    if (changes.passwordHash || changes.disabled === true) {
      await this.sessions.destroyAllForUser(id);
      await this.events.emitCredentialsChanged(id);
    }
    return UserView.from(updated);
  }

  /** Replaces a user's attributes (null or {} clears them); audited as `user.updated` with the field `attributes`. */
  setAttributes(id: string, attributes: UserAttributes | null, ctx: AuditContext): Promise<UserView> {
    return this.update(id, { attributes }, ctx);
  }

  /** ADMIN_USERNAME / ADMIN_PASSWORD: create the first admin when there is none. */
  async ensureAdmin(username: string, password: string): Promise<UserView | null> {
    if (await this.users.existsBy({ isAdmin: true })) return null;
    const existing = await this.exactUser(username);
    if (existing) {
      return this.update(existing.id, { isAdmin: true, password, disabled: false }, { actor: 'system' });
    }
    return this.create({ username, password, isAdmin: true }, { actor: 'system' });
  }

  private async exactUser(username: unknown): Promise<UserEntity | null> {
    if (typeof username !== 'string' || username.length === 0 || username.length > 64) return null;
    const user = await this.users.findOneBy({ username });
    // MySQL's collation ignores case and trailing spaces: only the exact name logs in.
    return user && user.username === username ? user : null;
  }

  private usernameTaken(username: string): Promise<boolean> {
    return this.users.createQueryBuilder('u').where('LOWER(u.username) = :name', { name: username.toLowerCase() }).getExists();
  }
}

const COLUMN: Record<string, string> = { attributes: 'attributes', displayName: 'display_name', passwordHash: 'password', disabled: 'disabled', isAdmin: 'is_admin' };
const ACTIONS: Record<string, (u: UserEntity) => string> = {
  displayName: () => 'user.updated',
  attributes: () => 'user.updated',
  passwordHash: () => 'user.password_reset',
  disabled: (u) => (u.disabled ? 'user.disabled' : 'user.enabled'),
  isAdmin: (u) => (u.isAdmin ? 'user.admin_granted' : 'user.admin_revoked'),
};

function taken(username: string): ConflictError {
  return new ConflictError(`username "${username}" is already taken`);
}

export function validateUsername(username: unknown): void {
  if (typeof username !== 'string' || !USERNAME_PATTERN.test(username)) {
    throw new ValidationError('username', 'must be 3-64 characters of letters, digits, ".", "_", "@" or "-"');
  }
}

export function validatePassword(password: unknown): void {
  if (typeof password !== 'string' || password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    throw new ValidationError('password', `must be ${PASSWORD_MIN}-${PASSWORD_MAX} characters`);
  }
}

function checkDisplayName(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ValidationError('display_name', 'must be a string');
  const name = value.trim();
  if (name.length > DISPLAY_NAME_MAX) throw new ValidationError('display_name', `must be at most ${DISPLAY_NAME_MAX} characters`);
  return name || null;
}
