import { generateKeyPair, KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { JWK } from 'jose';
import { jose } from './jose';

export type SigningAlg = 'RS256' | 'ES256' | 'EdDSA';
export const SIGNING_ALGS: readonly SigningAlg[] = ['RS256', 'ES256', 'EdDSA'];

export interface NewKeyPair {
  kid: string;
  alg: SigningAlg;
  /** PKCS#8 PEM; sealed before it is stored. */
  privatePem: string;
  publicJwk: JWK;
}

/** RFC 7518 §3.1 algorithms for ID tokens and JWT access tokens; kid is the RFC 7638 thumbprint. */
export async function generateSigningKey(alg: SigningAlg): Promise<NewKeyPair> {
  const { privateKey, publicKey } = await generate(alg);
  const exported = await jose.exportJWK(publicKey);
  const kid = await jose.calculateJwkThumbprint(exported, 'sha256');
  return {
    kid,
    alg,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicJwk: { ...exported, kid, alg, use: 'sig' },
  };
}

const generatePair = promisify(generateKeyPair);

/** On libuv's thread pool: an RSA key takes up to a second, which must not stall the event loop. */
function generate(alg: SigningAlg): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  if (alg === 'ES256') return generatePair('ec', { namedCurve: 'P-256' });
  if (alg === 'EdDSA') return generatePair('ed25519');
  return generatePair('rsa', { modulusLength: 2048 });
}
