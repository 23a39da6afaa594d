import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ConflictError, ValidationError } from '@app/common';
import { AuditContext, AuditLog, ScopeEntity } from '@app/persistence';

export interface ScopeView {
  name: string;
  description: string;
  description_zh: string | null;
}

export const SCOPE_NAME = /^[\x21\x23-\x5B\x5D-\x7E]{1,64}$/; // RFC 6749 §3.3 scope-token

/** The scopes operators have defined; a channel may only be approved for known scopes. */
@Injectable()
export class ScopesService {
  private cached?: { at: number; scopes: ScopeView[] };

  constructor(
    @InjectRepository(ScopeEntity) private readonly scopes: Repository<ScopeEntity>,
    private readonly audit: AuditLog,
  ) {}

  async list(): Promise<ScopeView[]> {
    if (this.cached && Date.now() - this.cached.at < 5_000) return this.cached.scopes;
    const rows = await this.scopes.find({ order: { name: 'ASC' } });
    const scopes = rows.map((s) => ({ name: s.name, description: s.description, description_zh: s.descriptionZh }));
    this.cached = { at: Date.now(), scopes };
    return scopes;
  }

  async known(): Promise<Set<string>> {
    return new Set((await this.list()).map((s) => s.name));
  }

  /** Throws ValidationError naming the unknown scopes. */
  async assertKnown(scopes: readonly string[], field = 'scope'): Promise<void> {
    const known = await this.known();
    const unknown = scopes.filter((s) => !known.has(s));
    if (unknown.length) throw new ValidationError(field, `unknown scope(s): ${unknown.join(', ')}`);
  }

  async create(input: ScopeView, ctx: AuditContext): Promise<ScopeView> {
    if (!SCOPE_NAME.test(input.name)) throw new ValidationError('name', 'must be 1-64 printable characters without spaces, quotes or backslashes');
    if (await this.scopes.existsBy({ name: input.name })) throw new ConflictError(`scope "${input.name}" already exists`);
    await this.scopes.insert({ name: input.name, description: input.description, descriptionZh: input.description_zh ?? null, createdAt: new Date() });
    this.cached = undefined;
    await this.audit.record(ctx, { action: 'scope.created', targetType: 'scope', targetId: input.name });
    return input;
  }
}
