import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { sha256Hex, ValidationError } from '@app/common';
import { ClientEntity, ClientStatus, ClientStatusChangeEntity, findRowBy, insertRow, TokenEndpointAuthMethod } from '@app/persistence';
import { ClientRegistry } from './client-registry';
import {
  checkAuthMethod, checkGrantTypes, checkName, checkPublicKey, checkRedirectUris, checkScope, checkTtl, DEFAULT_GRANT_TYPES,
  DEFAULT_SCOPE,
} from './registration-input';
import { ScopesService } from './scopes.service';

/** A `channel` line of the import format (PRODUCT.md "Import"). */
export interface ClientImportInput {
  client_id?: unknown;
  client_secret?: unknown;
  client_secret_sha256?: unknown;
  client_name?: unknown;
  redirect_uris?: unknown;
  scope?: unknown;
  status?: unknown;
  grant_types?: unknown;
  token_endpoint_auth_method?: unknown;
  access_token_ttl?: unknown;
  refresh_token_ttl?: unknown;
  sop_public_key?: unknown;
}

/** A checked channel line, ready to write. */
export interface ImportedClient {
  clientId: string;
  secretHash: string | null;
  clientName: string;
  redirectUris: string[];
  scopes: string[];
  status: ClientStatus;
  grantTypes: string[];
  authMethod: TokenEndpointAuthMethod;
  accessTokenTtl: number | null;
  refreshTokenTtl: number | null;
  sopPublicKey: string | null;
}

export const IMPORTED_CLIENT_ID = /^[A-Za-z0-9._-]{1,64}$/;
const IMPORT_STATUSES: readonly ClientStatus[] = ['approved', 'pending', 'suspended'];
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/**
 * Channels brought over from the platform Gatehouse replaces: the client_id is kept, and the old
 * secret is stored as its SHA-256 like every secret here, so it authenticates on every route and
 * dialect. A channel that exists already gets the line's metadata (name, redirect URIs, scope,
 * grant types, lifetimes, key); its secret, auth method and status are the ones it has here
 * (rotations and lifecycle transitions made after the switch are never undone by a re-import).
 */
@Injectable()
export class ClientImport {
  constructor(private readonly scopes: ScopesService, private readonly registry: ClientRegistry) {}

  /** Field checks only (no I/O); throws ValidationError naming the field. */
  check(input: ClientImportInput): ImportedClient {
    if (typeof input.client_id !== 'string' || !IMPORTED_CLIENT_ID.test(input.client_id)) {
      throw new ValidationError('client_id', 'must be 1-64 characters of letters, digits, ".", "_" or "-"');
    }
    const authMethod = checkAuthMethod(input.token_endpoint_auth_method);
    let secretHash: string | null = null;
    if (input.client_secret !== undefined && input.client_secret_sha256 !== undefined) {
      throw new ValidationError('client_secret', 'give client_secret or client_secret_sha256, not both');
    }
    if (input.client_secret !== undefined) {
      if (typeof input.client_secret !== 'string' || input.client_secret.length === 0 || input.client_secret.length > 512) {
        throw new ValidationError('client_secret', 'must be a string of 1-512 characters');
      }
      secretHash = sha256Hex(input.client_secret);
    } else if (input.client_secret_sha256 !== undefined) {
      if (typeof input.client_secret_sha256 !== 'string' || !SHA256_HEX.test(input.client_secret_sha256)) {
        throw new ValidationError('client_secret_sha256', 'must be 64 hexadecimal characters (the SHA-256 of the secret)');
      }
      secretHash = input.client_secret_sha256.toLowerCase();
    }
    if (authMethod === 'none' && secretHash) throw new ValidationError('client_secret', 'a public client (token_endpoint_auth_method none) has no secret');
    if (authMethod !== 'none' && !secretHash) throw new ValidationError('client_secret', `is required for token_endpoint_auth_method ${authMethod}`);
    const status = input.status ?? 'approved';
    if (!(IMPORT_STATUSES as readonly unknown[]).includes(status)) throw new ValidationError('status', `must be one of ${IMPORT_STATUSES.join(', ')}`);
    return {
      clientId: input.client_id,
      secretHash,
      clientName: checkName('client_name', input.client_name),
      redirectUris: checkRedirectUris(input.redirect_uris),
      scopes: checkScope(input.scope ?? DEFAULT_SCOPE),
      status: status as ClientStatus,
      grantTypes: checkGrantTypes(input.grant_types ?? DEFAULT_GRANT_TYPES, authMethod),
      authMethod,
      accessTokenTtl: checkTtl('access_token_ttl', input.access_token_ttl, true),
      refreshTokenTtl: checkTtl('refresh_token_ttl', input.refresh_token_ttl, true),
      sopPublicKey: checkPublicKey(input.sop_public_key),
    };
  }

  /** Creates or updates the channel in the caller's transaction. */
  async apply(c: ImportedClient, m: EntityManager, actor: string): Promise<'created' | 'updated' | 'unchanged'> {
    await this.scopes.assertKnown(c.scopes);
    const existing = await findRowBy(m, ClientEntity, { clientId: c.clientId });
    if (existing && existing.clientId !== c.clientId) {
      // MySQL compares client_id case-insensitively: "App" and "app" cannot both exist there.
      throw new ValidationError('client_id', `clashes with the existing channel ${existing.clientId}`);
    }
    const now = new Date();
    const fields = {
      clientName: c.clientName,
      redirectUris: c.redirectUris,
      scope: c.scopes.join(' '),
      accessTokenTtl: c.accessTokenTtl,
      refreshTokenTtl: c.refreshTokenTtl,
      sopPublicKey: c.sopPublicKey,
    };
    if (!existing) {
      const row: ClientEntity = {
        id: randomUUID(), clientId: c.clientId, secretHash: c.secretHash, description: null, ownerName: null,
        postLogoutRedirectUris: [], grantTypes: c.grantTypes, tokenEndpointAuthMethod: c.authMethod,
        requirePkce: c.authMethod === 'none', status: c.status, codeTtl: null, refreshGraceSeconds: 0, tokenFormat: 'opaque',
        allowedOrigins: null, secretlessRefresh: false,
        registeredBy: actor.slice(0, 128), createdAt: now, updatedAt: now, ...fields,
      };
      await insertRow(m, ClientEntity, row);
      await insertRow(m, ClientStatusChangeEntity, {
        id: randomUUID(), clientPk: row.id, fromStatus: null, toStatus: c.status, actor: actor.slice(0, 128), reason: 'imported', at: now,
      });
      // An instance may remember this client_id as unknown (an app called before the import).
      await this.registry.changed(m, c.clientId);
      return 'created';
    }
    const grantTypes = checkGrantTypes(c.grantTypes, existing.tokenEndpointAuthMethod);
    const changes: Partial<ClientEntity> = {};
    for (const [key, value] of Object.entries({ ...fields, grantTypes }) as [keyof ClientEntity, unknown][]) {
      if (JSON.stringify(existing[key]) !== JSON.stringify(value)) (changes as Record<string, unknown>)[key] = value;
    }
    if (Object.keys(changes).length === 0) return 'unchanged';
    await m.update(ClientEntity, { id: existing.id }, { ...changes, updatedAt: now });
    await this.registry.changed(m, c.clientId);
    return 'updated';
  }

  /** The scopes of an existing channel (a line that refers to one), or null when there is none. */
  async scopesOf(clientId: string, m: EntityManager): Promise<string[] | null> {
    const row = await findRowBy(m, ClientEntity, { clientId });
    return row && row.clientId === clientId ? row.scope.split(' ').filter(Boolean) : null;
  }
}
