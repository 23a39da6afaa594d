import { createHash } from 'node:crypto';
import type { SigningAlg } from '../keys/key-generation';

/**
 * OIDC Core §3.1.3.6 at_hash: the left half of the hash of the access token's ASCII octets,
 * base64url. The hash is the one of the ID token's alg (SHA-256 for RS256/ES256; SHA-512 for
 * EdDSA with Ed25519, as OpenID Connect's errata and the certified libraries use).
 */
export function accessTokenHash(accessToken: string, alg: SigningAlg): string {
  const digest = createHash(alg === 'EdDSA' ? 'sha512' : 'sha256').update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
