import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ConflictError, ValidationError } from '@app/common';
import { AuditContext, AuditLog, ChangeFeed, CoherentCache, ScopeEntity, Transactions } from '@app/persistence';

export interface ScopeView {
  name: string;
  description: string;
  description_zh: string | null;
  /** Describes a user: granted only with one, never to a client_credentials token. */
  user_bound: boolean;
}

export type ScopeInput = Omit<ScopeView, 'user_bound'> & { user_bound?: boolean };

/**
 * OpenID Connect's user scopes (Core §5.4, §11) are user-bound whatever the table says: an
 * operator cannot define `openid` or `email` as a scope a client may hold on its own.
 */
export const STANDARD_USER_SCOPES: readonly string[] = ['openid', 'profile', 'email', 'phone', 'address', 'offline_access'];

export const SCOPE_NAME = /^[\x21\x23-\x5B\x5D-\x7E]{1,64}$/; // RFC 6749 §3.3 scope-token

const ALL = 'all';

/**
 * The scopes operators have defined; a channel may only be approved for known scopes. The list is
 * read on every authorize and consent page, so it is cached; a new scope is announced on the
 * change feed, so every instance knows it within the feed's delay.
 */
@Injectable()
export class ScopesService {
  private readonly cache: CoherentCache<ScopeView[]>;

  constructor(
    @InjectRepository(ScopeEntity) private readonly scopes: Repository<ScopeEntity>,
    private readonly audit: AuditLog,
    private readonly transactions: Transactions,
    private readonly feed: ChangeFeed,
  ) {
    this.cache = feed.cache<ScopeView[]>('scope', { maxEntries: 1 });
  }

  async list(): Promise<ScopeView[]> {
    const hit = this.cache.get(ALL);
    if (hit) return hit;
    const stamp = this.cache.stamp();
    const rows = await this.scopes.find({ order: { name: 'ASC' } });
    const scopes = rows.map((s) => ({
      name: s.name, description: s.description, description_zh: s.descriptionZh,
      user_bound: Boolean(s.userBound) || STANDARD_USER_SCOPES.includes(s.name),
    }));
    this.cache.set(ALL, scopes, stamp);
    return scopes;
  }

  async known(): Promise<Set<string>> {
    return new Set((await this.list()).map((s) => s.name));
  }

  /** The scopes that describe a user (see ScopeView.user_bound). */
  async userBound(): Promise<Set<string>> {
    return new Set([...(await this.list()).filter((s) => s.user_bound).map((s) => s.name), ...STANDARD_USER_SCOPES]);
  }

  /** Throws ValidationError naming the unknown scopes. */
  async assertKnown(scopes: readonly string[], field = 'scope'): Promise<void> {
    const known = await this.known();
    const unknown = scopes.filter((s) => !known.has(s));
    if (unknown.length) throw new ValidationError(field, `unknown scope(s): ${unknown.join(', ')}`);
  }

  async create(input: ScopeInput, ctx: AuditContext): Promise<ScopeView> {
    if (typeof input.name !== 'string' || !SCOPE_NAME.test(input.name)) {
      throw new ValidationError('name', 'must be 1-64 printable characters without spaces, quotes or backslashes');
    }
    const scope: ScopeView = {
      name: input.name,
      description: requiredText('description', input.description),
      description_zh: input.description_zh == null || input.description_zh === '' ? null : requiredText('description_zh', input.description_zh),
      user_bound: input.user_bound === true || STANDARD_USER_SCOPES.includes(input.name),
    };
    if (input.user_bound !== undefined && typeof input.user_bound !== 'boolean') throw new ValidationError('user_bound', 'must be true or false');
    // Names differing only in case would be one row on MySQL and two on SQLite: refuse them on both.
    const clash = (await this.scopes.find({ select: { name: true } })).find((s) => s.name.toLowerCase() === scope.name.toLowerCase());
    if (clash) throw new ConflictError(`scope "${clash.name}" already exists`);
    try {
      await this.transactions.run(async (m) => {
        await m.insert(ScopeEntity, {
          name: scope.name, description: scope.description, descriptionZh: scope.description_zh, userBound: scope.user_bound, createdAt: new Date(),
        });
        await this.feed.publish(m, 'scope', ALL);
      });
    } catch (err) {
      if (await this.scopes.existsBy({ name: scope.name })) throw new ConflictError(`scope "${scope.name}" already exists`);
      throw err;
    }
    await this.audit.record(ctx, { action: 'scope.created', targetType: 'scope', targetId: scope.name, details: { description: scope.description, user_bound: scope.user_bound } });
    return scope;
  }
}

function requiredText(field: string, value: unknown): string {
  if (typeof value !== 'string' || !value.trim()) throw new ValidationError(field, 'must be a non-empty string');
  if (value.trim().length > 1000) throw new ValidationError(field, 'must be at most 1000 characters');
  return value.trim();
}
