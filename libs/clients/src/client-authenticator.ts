import { Injectable } from '@nestjs/common';
import { digestsEqual, InvalidClientError, InvalidRequestError, sha256Hex, TooManyRequestsError } from '@app/common';
import { ClientAuthThrottle } from './client-auth-throttle';
import { ClientRegistry } from './client-registry';
import { Client } from './client.model';

/**
 * Client authentication at the token, revocation and introspection endpoints
 * (RFC 6749 §2.3.1, OAuth 2.1 §2.4, RFC 7591 §2 token_endpoint_auth_method):
 * - client_secret_basic: `Authorization: Basic base64(urlencode(id):urlencode(secret))`; raw
 *   (not url-encoded) credentials are accepted too, as seed 001's clients send them;
 * - client_secret_post: `client_id` + `client_secret` in the body;
 * - none: `client_id` only, for public clients (which then must use PKCE).
 * A client uses one method (RFC 6749 §2.3: "MUST NOT use more than one authentication method
 * in each request"): Basic plus client_secret is invalid_client. A confidential client
 * authenticates with the method it registered; a seed dialect's route also accepts the method
 * its document prescribes (`documented`), since that document is how its channels integrate.
 * Neither check tests the secret, so neither counts as a failure.
 * Secrets are compared as SHA-256 digests in constant time: they are 256-bit random strings,
 * so a fast hash is safe (nothing to brute-force) and keeps this check cheap on every token
 * request. Failed secrets are throttled per (client, address) and per address
 * (ClientAuthThrottle): a channel presenting its right secret is never refused for other
 * callers' failures.
 */
export interface ClientCredentialsInput {
  authorization?: string;
  body: Record<string, string | undefined>;
  /** The caller's address (clientIp): failures are counted against it. */
  ip: string;
}

export type ClientAuthMethodUsed = 'client_secret_basic' | 'client_secret_post' | 'none';

const METHOD_WORDING: Record<ClientAuthMethodUsed, string> = {
  client_secret_basic: 'client_secret_basic (Authorization: Basic)',
  client_secret_post: 'client_secret_post (client_id and client_secret in the body)',
  none: 'none (no secret)',
};

@Injectable()
export class ClientAuthenticator {
  constructor(private readonly registry: ClientRegistry, private readonly throttle: ClientAuthThrottle) {}

  /** `documented`: the method a seed dialect's document prescribes for this route (absent on the standard endpoints). */
  async authenticate(input: ClientCredentialsInput, documented?: ClientAuthMethodUsed): Promise<{ client: Client; method: ClientAuthMethodUsed }> {
    const { clientId, secret, method } = extractCredentials(input);
    const blocked = await this.throttle.blockedFor(clientId, input.ip);
    if (blocked > 0) throw new TooManyRequestsError('Too many failed client authentications from this address; try again later', blocked);

    const { client, secretHash } = await this.registry.entry(clientId);
    const fail = async (description: string): Promise<never> => {
      await this.throttle.failed(client ? client.clientId : null, input.ip);
      throw new InvalidClientError(description);
    };
    if (!client) {
      digestsEqual(sha256Hex(secret ?? ''), '0'.repeat(64));
      return fail('Client authentication failed');
    }
    if (client.isPublic) {
      if (method !== 'none') return fail('Client authentication failed: this is a public client and has no secret');
    } else {
      if (method === 'none' || !secretHash) return fail('Client authentication failed: this client must authenticate with its secret');
      if (method !== client.authMethod && method !== documented) {
        throw new InvalidClientError(`Client authentication failed: this client is registered to authenticate with ${METHOD_WORDING[client.authMethod]}, not ${METHOD_WORDING[method]}`);
      }
      if (!digestsEqual(sha256Hex(secret ?? ''), secretHash)) return fail('Client authentication failed');
    }
    if (client.status !== 'approved') throw new InvalidClientError(`Client is not approved (status: ${client.status})`);
    return { client, method };
  }
}

export function extractCredentials(input: Omit<ClientCredentialsInput, 'ip'>): { clientId: string; secret?: string; method: ClientAuthMethodUsed } {
  const header = input.authorization;
  const bodyId = input.body.client_id;
  const bodySecret = input.body.client_secret;
  if (header && /^basic\s+/i.test(header)) {
    const decoded = Buffer.from(header.replace(/^basic\s+/i, '').trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new InvalidClientError('Malformed Basic credentials');
    const clientId = formDecode(decoded.slice(0, colon));
    const secret = formDecode(decoded.slice(colon + 1));
    if (bodySecret !== undefined) {
      throw new InvalidClientError('Client authentication failed: use one client authentication method, not the Authorization: Basic header and client_secret in the body together');
    }
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
