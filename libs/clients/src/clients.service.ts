import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { NotFoundError, randomToken, sha256Hex, TOKEN_PREFIXES, ValidationError } from '@app/common';
import { AuditContext, AuditLog, ClientEntity, ClientStatus, ClientStatusChangeEntity, Transactions } from '@app/persistence';
import { ClientRegistry } from './client-registry';
import { ClientView, StatusChangeView } from './client.model';
import {
  checkGrantTypes, checkPublicKey, checkRedirectUris, checkScope, checkTtl, DEFAULT_GRANT_TYPES, DEFAULT_SCOPE,
  RegistrationInput,
} from './registration-input';
import { ScopesService } from './scopes.service';

export interface RegisteredClient {
  client: ClientView;
  /** Shown exactly once; only its hash is stored. null for public clients. */
  clientSecret: string | null;
}

export type ClientPatch = Partial<Omit<RegistrationInput, 'token_endpoint_auth_method'>>;

/** Registration, queries, edits and secret rotation of channels (RFC 7591 field names). */
@Injectable()
export class ClientsService {
  constructor(
    @InjectRepository(ClientEntity) private readonly clients: Repository<ClientEntity>,
    @InjectRepository(ClientStatusChangeEntity) private readonly history: Repository<ClientStatusChangeEntity>,
    private readonly transactions: Transactions,
    private readonly registry: ClientRegistry,
    private readonly scopes: ScopesService,
    private readonly audit: AuditLog,
  ) {}

  async register(input: RegistrationInput, ctx: AuditContext): Promise<RegisteredClient> {
    const authMethod = input.token_endpoint_auth_method ?? 'client_secret_basic';
    const redirectUris = checkRedirectUris(input.redirect_uris);
    const grantTypes = checkGrantTypes(input.grant_types ?? DEFAULT_GRANT_TYPES, authMethod);
    const scopes = checkScope(input.scope ?? DEFAULT_SCOPE);
    await this.scopes.assertKnown(scopes);
    const name = (input.client_name ?? '').trim();
    if (!name) throw new ValidationError('client_name', 'must not be empty');
    const secret = authMethod === 'none' ? null : randomToken(TOKEN_PREFIXES.clientSecret);
    const now = new Date();
    const entity = this.clients.create({
      id: randomUUID(),
      // 96 random bits, hex: not guessable, not chosen by the client (RFC 9700 §4.15.1).
      clientId: randomBytes(12).toString('hex'),
      secretHash: secret ? sha256Hex(secret) : null,
      clientName: name,
      description: input.description?.trim() || null,
      ownerName: input.owner_name?.trim() || null,
      redirectUris,
      postLogoutRedirectUris: input.post_logout_redirect_uris ? checkRedirectUris(input.post_logout_redirect_uris, 'post_logout_redirect_uris', true) : [],
      scope: scopes.join(' '),
      grantTypes,
      tokenEndpointAuthMethod: authMethod,
      requirePkce: authMethod === 'none' || input.require_pkce === true,
      status: 'pending',
      accessTokenTtl: checkTtl('access_token_ttl', input.access_token_ttl, true),
      refreshTokenTtl: checkTtl('refresh_token_ttl', input.refresh_token_ttl, true),
      codeTtl: checkTtl('code_ttl', input.code_ttl, false),
      refreshGraceSeconds: input.refresh_grace_seconds ?? 0,
      tokenFormat: input.token_format ?? 'opaque',
      sopPublicKey: checkPublicKey(input.sop_public_key),
      registeredBy: ctx.actor,
      createdAt: now,
      updatedAt: now,
    });
    await this.transactions.run(async (m) => {
      await m.insert(ClientEntity, entity);
      await m.insert(ClientStatusChangeEntity, {
        id: randomUUID(), clientPk: entity.id, fromStatus: null, toStatus: 'pending', actor: ctx.actor, reason: null, at: now,
      });
      await this.audit.record(ctx, {
        action: 'client.registered', targetType: 'client', targetId: entity.clientId,
        details: { client_name: entity.clientName, redirect_uris: redirectUris, scope: entity.scope },
      }, m);
    });
    return { client: ClientView.from(entity), clientSecret: secret };
  }

  async get(clientId: string): Promise<ClientView> {
    return ClientView.from(await this.load(clientId));
  }

  async list(q: { status?: ClientStatus; search?: string; limit?: number; offset?: number } = {}): Promise<{ items: ClientView[]; total: number }> {
    const qb = this.clients.createQueryBuilder('c').orderBy('c.created_at', 'DESC')
      .take(Math.min(Math.max(q.limit ?? 50, 1), 200)).skip(Math.max(q.offset ?? 0, 0));
    if (q.status) qb.andWhere('c.status = :status', { status: q.status });
    if (q.search) qb.andWhere('(c.client_name LIKE :s OR c.client_id LIKE :s)', { s: `%${q.search.replace(/[%_\\]/g, '\\$&')}%` });
    const [rows, total] = await qb.getManyAndCount();
    return { items: rows.map(ClientView.from), total };
  }

  async countByStatus(): Promise<Record<ClientStatus, number>> {
    const rows: { status: ClientStatus; n: string | number }[] = await this.clients.createQueryBuilder('c')
      .select('c.status', 'status').addSelect('COUNT(*)', 'n').groupBy('c.status').getRawMany();
    const counts = { pending: 0, approved: 0, rejected: 0, suspended: 0 };
    for (const r of rows) counts[r.status] = Number(r.n);
    return counts;
  }

  async statusHistory(clientId: string): Promise<StatusChangeView[]> {
    const client = await this.load(clientId);
    const rows = await this.history.find({ where: { clientPk: client.id }, order: { at: 'ASC' } });
    return rows.map((r) => ({ from: r.fromStatus, to: r.toStatus, actor: r.actor, reason: r.reason, at: r.at.toISOString() }));
  }

  async update(clientId: string, patch: ClientPatch, ctx: AuditContext): Promise<ClientView> {
    const entity = await this.load(clientId);
    const changed: string[] = [];
    const set = <K extends keyof ClientEntity>(key: K, value: ClientEntity[K], field: string) => {
      entity[key] = value;
      changed.push(field);
    };
    if (patch.client_name !== undefined) {
      const name = String(patch.client_name).trim();
      if (!name) throw new ValidationError('client_name', 'must not be empty');
      set('clientName', name, 'client_name');
    }
    if (patch.description !== undefined) set('description', patch.description?.trim() || null, 'description');
    if (patch.owner_name !== undefined) set('ownerName', patch.owner_name?.trim() || null, 'owner_name');
    if (patch.redirect_uris !== undefined) set('redirectUris', checkRedirectUris(patch.redirect_uris), 'redirect_uris');
    if (patch.post_logout_redirect_uris !== undefined) {
      set('postLogoutRedirectUris', checkRedirectUris(patch.post_logout_redirect_uris, 'post_logout_redirect_uris', true), 'post_logout_redirect_uris');
    }
    if (patch.scope !== undefined) {
      const scopes = checkScope(patch.scope);
      await this.scopes.assertKnown(scopes);
      set('scope', scopes.join(' '), 'scope');
    }
    if (patch.grant_types !== undefined) set('grantTypes', checkGrantTypes(patch.grant_types, entity.tokenEndpointAuthMethod), 'grant_types');
    if (patch.require_pkce !== undefined) set('requirePkce', entity.tokenEndpointAuthMethod === 'none' || !!patch.require_pkce, 'require_pkce');
    if (patch.access_token_ttl !== undefined) set('accessTokenTtl', checkTtl('access_token_ttl', patch.access_token_ttl, true), 'access_token_ttl');
    if (patch.refresh_token_ttl !== undefined) set('refreshTokenTtl', checkTtl('refresh_token_ttl', patch.refresh_token_ttl, true), 'refresh_token_ttl');
    if (patch.code_ttl !== undefined) set('codeTtl', checkTtl('code_ttl', patch.code_ttl, false), 'code_ttl');
    if (patch.refresh_grace_seconds !== undefined) {
      const grace = patch.refresh_grace_seconds;
      if (!Number.isInteger(grace) || grace < 0 || grace > 86_400) throw new ValidationError('refresh_grace_seconds', 'must be 0-86400 seconds');
      set('refreshGraceSeconds', grace, 'refresh_grace_seconds');
    }
    if (patch.token_format !== undefined) set('tokenFormat', patch.token_format, 'token_format');
    if (patch.sop_public_key !== undefined) set('sopPublicKey', checkPublicKey(patch.sop_public_key), 'sop_public_key');
    if (changed.length === 0) return ClientView.from(entity);
    entity.updatedAt = new Date();
    await this.transactions.run(async (m) => {
      await m.save(entity);
      await this.audit.record(ctx, { action: 'client.updated', targetType: 'client', targetId: clientId, details: { fields: changed } }, m);
    });
    this.registry.invalidate(clientId);
    return ClientView.from(entity);
  }

  /** A new secret, returned once; the old one stops working at once on this instance. */
  async rotateSecret(clientId: string, ctx: AuditContext): Promise<RegisteredClient> {
    const entity = await this.load(clientId);
    if (entity.tokenEndpointAuthMethod === 'none') throw new ValidationError('token_endpoint_auth_method', 'a public client has no secret to rotate');
    const secret = randomToken(TOKEN_PREFIXES.clientSecret);
    entity.secretHash = sha256Hex(secret);
    entity.updatedAt = new Date();
    await this.transactions.run(async (m) => {
      await m.update(ClientEntity, { id: entity.id }, { secretHash: entity.secretHash, updatedAt: entity.updatedAt });
      await this.audit.record(ctx, { action: 'client.secret_rotated', targetType: 'client', targetId: clientId }, m);
    });
    this.registry.invalidate(clientId);
    return { client: ClientView.from(entity), clientSecret: secret };
  }

  private async load(clientId: string): Promise<ClientEntity> {
    const entity = typeof clientId === 'string' && clientId.length <= 64 ? await this.clients.findOneBy({ clientId }) : null;
    if (!entity) throw new NotFoundError(`channel ${clientId} not found`);
    return entity;
  }
}
