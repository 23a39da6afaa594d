import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ConflictError, NotFoundError, ValidationError } from '@app/common';
import { AuditContext, AuditLog, UserEntity } from '@app/persistence';
import { AccountEvents } from './account-events';
import { PasswordHasher } from './password-hasher';
import { UserView } from './user.view';

export interface CreateUserInput {
  username: string;
  password: string;
  displayName?: string | null;
  isAdmin?: boolean;
}

export interface UpdateUserInput {
  displayName?: string | null;
  password?: string;
  disabled?: boolean;
  isAdmin?: boolean;
}

export const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{3,64}$/;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

/** Users: creation, lookup, credential checks, updates. Every change is audited. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLog,
    private readonly events: AccountEvents,
  ) {}

  async create(input: CreateUserInput, ctx: AuditContext): Promise<UserView> {
    validateUsername(input.username);
    validatePassword(input.password);
    if (await this.users.existsBy({ username: input.username })) {
      throw new ConflictError(`username "${input.username}" is already taken`);
    }
    const now = new Date();
    const user = this.users.create({
      id: randomUUID(),
      username: input.username,
      passwordHash: await this.hasher.hash(input.password),
      displayName: input.displayName?.trim() || null,
      isAdmin: input.isAdmin ?? false,
      disabled: false,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await this.users.insert(user);
    } catch (err) {
      // A concurrent create with the same username loses on the unique index.
      if (await this.users.existsBy({ username: input.username })) {
        throw new ConflictError(`username "${input.username}" is already taken`);
      }
      throw err;
    }
    await this.audit.record(ctx, {
      action: user.isAdmin ? 'admin.created' : 'user.created',
      targetType: 'user',
      targetId: user.id,
      details: { username: user.username },
    });
    return UserView.from(user);
  }

  async findById(id: string): Promise<UserView | null> {
    const user = await this.users.findOneBy({ id });
    return user ? UserView.from(user) : null;
  }

  async getById(id: string): Promise<UserView> {
    const user = await this.findById(id);
    if (!user) throw new NotFoundError(`user ${id} not found`);
    return user;
  }

  async findByUsername(username: string): Promise<UserView | null> {
    const user = await this.users.findOneBy({ username });
    return user ? UserView.from(user) : null;
  }

  /**
   * The only password check in the system (passport-local asks this). Unknown, disabled and
   * wrong-password accounts all answer null after the same amount of hashing work.
   */
  async verifyCredentials(username: string, password: string): Promise<UserView | null> {
    const user = typeof username === 'string' && username.length <= 64 ? await this.users.findOneBy({ username }) : null;
    const ok = await this.hasher.verify(user?.passwordHash ?? null, String(password ?? '').slice(0, PASSWORD_MAX));
    if (!user || !ok || user.disabled) return null;
    return UserView.from(user);
  }

  async list(q: { search?: string; limit?: number; offset?: number } = {}): Promise<{ items: UserView[]; total: number }> {
    const qb = this.users.createQueryBuilder('u').orderBy('u.created_at', 'DESC')
      .take(Math.min(Math.max(q.limit ?? 50, 1), 200)).skip(Math.max(q.offset ?? 0, 0));
    if (q.search) {
      qb.where('(u.username LIKE :s OR u.display_name LIKE :s)', { s: `%${q.search.replace(/[%_\\]/g, '\\$&')}%` });
    }
    const [rows, total] = await qb.getManyAndCount();
    return { items: rows.map(UserView.from), total };
  }

  async count(): Promise<number> {
    return this.users.count();
  }

  async update(id: string, input: UpdateUserInput, ctx: AuditContext): Promise<UserView> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw new NotFoundError(`user ${id} not found`);
    const changes: string[] = [];
    if (input.displayName !== undefined) {
      user.displayName = input.displayName?.trim() || null;
      changes.push('display_name');
    }
    if (input.password !== undefined) {
      validatePassword(input.password);
      user.passwordHash = await this.hasher.hash(input.password);
      user.passwordChangedAt = new Date();
      changes.push('password');
    }
    if (input.disabled !== undefined && input.disabled !== user.disabled) {
      user.disabled = input.disabled;
      changes.push('disabled');
    }
    if (input.isAdmin !== undefined && input.isAdmin !== user.isAdmin) {
      user.isAdmin = input.isAdmin;
      changes.push('is_admin');
    }
    user.updatedAt = new Date();
    await this.users.save(user);
    for (const change of changes) {
      const action = change === 'password' ? 'user.password_reset'
        : change === 'disabled' ? (user.disabled ? 'user.disabled' : 'user.enabled')
        : 'user.updated';
      await this.audit.record(ctx, { action, targetType: 'user', targetId: user.id, details: { field: change } });
    }
    if (changes.includes('password') || (changes.includes('disabled') && user.disabled)) {
      await this.events.emitCredentialsChanged(user.id);
    }
    return UserView.from(user);
  }

  /** ADMIN_USERNAME / ADMIN_PASSWORD: create the first admin when there is none. */
  async ensureAdmin(username: string, password: string): Promise<UserView | null> {
    if (await this.users.existsBy({ isAdmin: true })) return null;
    const existing = await this.users.findOneBy({ username });
    if (existing) {
      return this.update(existing.id, { isAdmin: true, password }, { actor: 'system' });
    }
    return this.create({ username, password, isAdmin: true }, { actor: 'system' });
  }
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
