import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG, AppConfig, constantTimeEqual, InvalidClientError, InvalidRequestError, sha256Hex, TooManyRequestsError,
} from '@app/common';
import { RateLimiter } from '@app/persistence';
import { ClientRegistry } from './client-registry';
import { Client } from './client.model';

/**
 * Client authentication at the token, revocation and introspection endpoints
 * (RFC 6749 §2.3.1, OAuth 2.1 §2.4):
 * - client_secret_basic: `Authorization: Basic base64(urlencode(id):urlencode(secret))`; raw
 *   (not url-encoded) credentials are accepted too, as seed 001's clients send them;
 * - client_secret_post: `client_id` + `client_secret` in the body;
 * - none: `client_id` only, for public clients (which then must use PKCE).
 * Using two methods at once is invalid_request. Secrets are compared as SHA-256 digests in
 * constant time: they are 256-bit random strings, so a fast hash is safe (nothing to brute-force)
 * and keeps this check cheap on every token request. Failures are throttled per client
 * (THROTTLE_CLIENT_AUTH per THROTTLE_CLIENT_AUTH_WINDOW); while throttled even the right secret
 * gets 429.
 */
export interface ClientCredentialsInput {
  authorization?: string;
  body: Record<string, string | undefined>;
}

export type ClientAuthMethodUsed = 'client_secret_basic' | 'client_secret_post' | 'none';

@Injectable()
export class ClientAuthenticator {
  constructor(
    private readonly registry: ClientRegistry,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async authenticate(input: ClientCredentialsInput): Promise<{ client: Client; method: ClientAuthMethodUsed }> {
    const { clientId, secret, method } = extractCredentials(input);
    const rule = {
      key: `client-auth:${clientId}`,
      limit: this.config.throttle.clientAuthPerClient,
      windowSeconds: this.config.throttle.clientAuthWindow,
    };
    const blocked = await this.limiter.blockedFor(rule);
    if (blocked > 0) throw new TooManyRequestsError('Too many failed client authentications; try again later', blocked);

    const { client, secretHash } = await this.registry.entry(clientId);
    const fail = async (description: string): Promise<never> => {
      if (client) await this.limiter.fail(rule);
      throw new InvalidClientError(description);
    };
    if (!client) {
      constantTimeEqual(sha256Hex(secret ?? ''), '0'.repeat(64));
      return fail('Client authentication failed');
    }
    if (client.isPublic) {
      if (method !== 'none') return fail('Client authentication failed: this is a public client and has no secret');
    } else {
      if (method === 'none' || !secretHash) return fail('Client authentication failed: this client must authenticate with its secret');
      if (!constantTimeEqual(sha256Hex(secret ?? ''), secretHash)) return fail('Client authentication failed');
    }
    if (client.status !== 'approved') throw new InvalidClientError(`Client is not approved (status: ${client.status})`);
    return { client, method };
  }
}

export function extractCredentials(input: ClientCredentialsInput): { clientId: string; secret?: string; method: ClientAuthMethodUsed } {
  const header = input.authorization;
  const bodyId = input.body.client_id;
  const bodySecret = input.body.client_secret;
  if (header && /^basic\s+/i.test(header)) {
    const decoded = Buffer.from(header.replace(/^basic\s+/i, '').trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new InvalidClientError('Malformed Basic credentials');
    const clientId = formDecode(decoded.slice(0, colon));
    const secret = formDecode(decoded.slice(colon + 1));
    if (bodySecret !== undefined) throw new InvalidRequestError('Use one client authentication method, not Basic and client_secret together');
    if (bodyId !== undefined && bodyId !== clientId) throw new InvalidRequestError('client_id in the body differs from the Basic credentials');
    return { clientId, secret, method: 'client_secret_basic' };
  }
  if (header && !/^bearer\s+/i.test(header) && !/^dpop\s+/i.test(header)) {
    throw new InvalidClientError('Unsupported Authorization scheme');
  }
  if (!bodyId) throw new InvalidClientError('Client authentication is required');
  if (bodySecret !== undefined) return { clientId: bodyId, secret: bodySecret, method: 'client_secret_post' };
  return { clientId: bodyId, method: 'none' };
}

/** application/x-www-form-urlencoded decoding (RFC 6749 §2.3.1); raw values pass through. */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
