import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { NotFoundError, randomToken, sha256Hex, TOKEN_PREFIXES, ValidationError } from '@app/common';
import { AuditContext, AuditLog, ClientEntity, ClientStatus, ClientStatusChangeEntity, Transactions } from '@app/persistence';
import { checkAllowedOrigins } from './allowed-origins';
import { ClientRegistry } from './client-registry';
import { OriginRegistry } from './origin-registry';
import { ClientView, StatusChangeView } from './client.model';
import {
  checkAuthMethod, checkCodeTtl, checkGraceSeconds, checkGrantTypes, checkName, checkOptionalText, checkPublicKey,
  checkRedirectUris, checkScope, checkTokenFormat, checkTtl, DEFAULT_GRANT_TYPES, DEFAULT_SCOPE, DESCRIPTION_MAX,
  NAME_MAX, RegistrationInput,
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
    private readonly origins: OriginRegistry,
    private readonly scopes: ScopesService,
    private readonly audit: AuditLog,
  ) {}

  async register(input: RegistrationInput, ctx: AuditContext): Promise<RegisteredClient> {
    const authMethod = checkAuthMethod(input.token_endpoint_auth_method);
    const name = checkName('client_name', input.client_name);
    const redirectUris = checkRedirectUris(input.redirect_uris);
    const grantTypes = checkGrantTypes(input.grant_types ?? DEFAULT_GRANT_TYPES, authMethod);
    const scopes = checkScope(input.scope ?? DEFAULT_SCOPE);
    await this.scopes.assertKnown(scopes);
    const secret = authMethod === 'none' ? null : randomToken(TOKEN_PREFIXES.clientSecret);
    const now = new Date();
    const entity = this.clients.create({
      id: randomUUID(),
      // 96 random bits, hex: not guessable, not chosen by the client (RFC 9700 §4.15.1).
      clientId: randomBytes(12).toString('hex'),
      secretHash: secret ? sha256Hex(secret) : null,
      clientName: name,
      description: checkOptionalText('description', input.description, DESCRIPTION_MAX),
      ownerName: checkOptionalText('owner_name', input.owner_name, NAME_MAX),
      redirectUris,
      postLogoutRedirectUris: input.post_logout_redirect_uris ? checkRedirectUris(input.post_logout_redirect_uris, 'post_logout_redirect_uris', true) : [],
      allowedOrigins: checkAllowedOrigins(input.allowed_origins),
      scope: scopes.join(' '),
      grantTypes,
      tokenEndpointAuthMethod: authMethod,
      requirePkce: authMethod === 'none' || input.require_pkce === true,
      secretlessRefresh: input.secretless_refresh === true && authMethod !== 'none',
      status: 'pending',
      accessTokenTtl: checkTtl('access_token_ttl', input.access_token_ttl, true),
      refreshTokenTtl: checkTtl('refresh_token_ttl', input.refresh_token_ttl, true),
      codeTtl: checkCodeTtl(input.code_ttl),
      refreshGraceSeconds: checkGraceSeconds(input.refresh_grace_seconds),
      tokenFormat: checkTokenFormat(input.token_format),
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
    const qb = this.clients.createQueryBuilder('c').orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'ASC')
      .take(Math.min(Math.max(q.limit ?? 50, 1), 200)).skip(Math.max(q.offset ?? 0, 0));
    if (q.status) qb.andWhere('c.status = :status', { status: q.status });
    if (q.search) qb.andWhere(`(c.client_name LIKE :s ESCAPE '!' OR c.client_id LIKE :s ESCAPE '!')`, { s: likePattern(q.search) });
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

  /**
   * Writes only the changed columns, so that an edit racing a status transition or a secret
   * rotation never writes back the status or secret hash it read.
   */
  async update(clientId: string, patch: ClientPatch, ctx: AuditContext): Promise<ClientView> {
    const entity = await this.load(clientId);
    const changes = await this.changesOf(entity, patch);
    const fields = Object.keys(changes).map((key) => FIELD_NAMES[key as keyof ClientEntity] ?? key);
    if (fields.length === 0) return ClientView.from(entity);
    const updated = { ...entity, ...changes, updatedAt: new Date() } as ClientEntity;
    await this.transactions.run(async (m) => {
      await m.update(ClientEntity, { id: entity.id }, { ...changes, updatedAt: updated.updatedAt });
      await this.registry.changed(m, entity.clientId);
      await this.audit.record(ctx, { action: 'client.updated', targetType: 'client', targetId: entity.clientId, details: { fields } }, m);
    });
    return ClientView.from(updated);
  }

  private async changesOf(entity: ClientEntity, patch: ClientPatch): Promise<Partial<ClientEntity>> {
    const c: Partial<ClientEntity> = {};
    if (patch.client_name !== undefined) c.clientName = checkName('client_name', patch.client_name);
    if (patch.description !== undefined) c.description = checkOptionalText('description', patch.description, DESCRIPTION_MAX);
    if (patch.owner_name !== undefined) c.ownerName = checkOptionalText('owner_name', patch.owner_name, NAME_MAX);
    if (patch.redirect_uris !== undefined) c.redirectUris = checkRedirectUris(patch.redirect_uris);
    if (patch.post_logout_redirect_uris !== undefined) {
      c.postLogoutRedirectUris = checkRedirectUris(patch.post_logout_redirect_uris ?? [], 'post_logout_redirect_uris', true);
    }
    if (patch.allowed_origins !== undefined) c.allowedOrigins = checkAllowedOrigins(patch.allowed_origins);
    if (patch.scope !== undefined) {
      const scopes = checkScope(patch.scope);
      await this.scopes.assertKnown(scopes);
      c.scope = scopes.join(' ');
    }
    if (patch.grant_types !== undefined) c.grantTypes = checkGrantTypes(patch.grant_types, entity.tokenEndpointAuthMethod);
    if (patch.require_pkce !== undefined) {
      if (typeof patch.require_pkce !== 'boolean') throw new ValidationError('require_pkce', 'must be true or false');
      // Public clients always use PKCE (OAuth 2.1 §7.5.1); the flag cannot turn it off for them.
      c.requirePkce = entity.tokenEndpointAuthMethod === 'none' || patch.require_pkce;
    }
    if (patch.secretless_refresh !== undefined) {
      if (typeof patch.secretless_refresh !== 'boolean') throw new ValidationError('secretless_refresh', 'must be true or false');
      c.secretlessRefresh = patch.secretless_refresh;
    }
    if (patch.access_token_ttl !== undefined) c.accessTokenTtl = checkTtl('access_token_ttl', patch.access_token_ttl, true);
    if (patch.refresh_token_ttl !== undefined) c.refreshTokenTtl = checkTtl('refresh_token_ttl', patch.refresh_token_ttl, true);
    if (patch.code_ttl !== undefined) c.codeTtl = checkCodeTtl(patch.code_ttl);
    if (patch.refresh_grace_seconds !== undefined) c.refreshGraceSeconds = checkGraceSeconds(patch.refresh_grace_seconds);
    if (patch.token_format !== undefined) c.tokenFormat = checkTokenFormat(patch.token_format);
    if (patch.sop_public_key !== undefined) c.sopPublicKey = checkPublicKey(patch.sop_public_key);
    return c;
  }

  /** A new secret, returned once; the old one stops working at once here, on other instances within the feed's delay. */
  async rotateSecret(clientId: string, ctx: AuditContext): Promise<RegisteredClient> {
    const entity = await this.load(clientId);
    if (entity.tokenEndpointAuthMethod === 'none') throw new ValidationError('token_endpoint_auth_method', 'a public client has no secret to rotate');
    const secret = randomToken(TOKEN_PREFIXES.clientSecret);
    entity.secretHash = sha256Hex(secret);
    entity.updatedAt = new Date();
    await this.transactions.run(async (m) => {
      await m.update(ClientEntity, { id: entity.id }, { secretHash: entity.secretHash, updatedAt: entity.updatedAt });
      await this.registry.changed(m, clientId);
      await this.audit.record(ctx, { action: 'client.secret_rotated', targetType: 'client', targetId: clientId }, m);
    });
    return { client: ClientView.from(entity), clientSecret: secret };
  }

  private async load(clientId: string): Promise<ClientEntity> {
    const entity = typeof clientId === 'string' && clientId.length <= 64 ? await this.clients.findOneBy({ clientId }) : null;
    // MySQL compares case-insensitively and ignores trailing spaces; client_id is an exact string.
    if (!entity || entity.clientId !== clientId) throw new NotFoundError(`channel ${clientId} not found`);
    return entity;
  }
}

const FIELD_NAMES: Partial<Record<keyof ClientEntity, string>> = {
  clientName: 'client_name', description: 'description', ownerName: 'owner_name', redirectUris: 'redirect_uris',
  postLogoutRedirectUris: 'post_logout_redirect_uris', allowedOrigins: 'allowed_origins', scope: 'scope', grantTypes: 'grant_types', requirePkce: 'require_pkce',
  secretlessRefresh: 'secretless_refresh',
  accessTokenTtl: 'access_token_ttl', refreshTokenTtl: 'refresh_token_ttl', codeTtl: 'code_ttl',
  refreshGraceSeconds: 'refresh_grace_seconds', tokenFormat: 'token_format', sopPublicKey: 'sop_public_key',
};

/** A LIKE pattern matching `text` literally; "!" is the escape character on SQLite and MySQL alike. */
function likePattern(text: string): string {
  return `%${text.replace(/[!%_]/g, '!$&')}%`;
}
