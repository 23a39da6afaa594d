import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Random artifacts (RFC 9700 §4.x, OAuth 2.1 §7.x "Credentials-Guessing"): 256 bits from the
 * CSPRNG, base64url, behind a recognisable prefix so that secret scanners can find leaked ones.
 */
export const TOKEN_PREFIXES = {
  accessToken: 'gha_',
  refreshToken: 'ghr_',
  code: 'ghc_',
  clientSecret: 'ghs_',
  session: 'ghsess_',
  adminToken: 'ghadm_',
  loginChallenge: 'ghlc_',
  loginVerifier: 'ghlv_',
} as const;

export function randomToken(prefix = '', bytes = 32): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

/**
 * SHA-256 of a high-entropy artifact, hex. A fast hash is enough here: the input carries
 * 256 random bits, so there is nothing to brute-force (unlike a password), and lookups by
 * hash stay one indexed read.
 */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export function sha256Base64Url(value: string): string {
  return createHash('sha256').update(value, 'ascii').digest('base64url');
}

export function hmacBase64Url(key: string | Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('base64url');
}

/**
 * Constant-time comparison of two digests (or other values whose length is public, such as a
 * PKCE challenge): one comparison of the bytes, where `constantTimeEqual` first hashes both sides
 * to hide the lengths. A length mismatch answers false at once.
 */
export function digestsEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

/** Constant-time comparison of two strings of any length. */
export function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}
