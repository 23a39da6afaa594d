import { generateKeyPairSync, KeyObject } from 'node:crypto';
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
  const { privateKey, publicKey } = generate(alg);
  const exported = await jose.exportJWK(publicKey);
  const kid = await jose.calculateJwkThumbprint(exported, 'sha256');
  return {
    kid,
    alg,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicJwk: { ...exported, kid, alg, use: 'sig' },
  };
}

function generate(alg: SigningAlg): { privateKey: KeyObject; publicKey: KeyObject } {
  if (alg === 'ES256') return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  if (alg === 'EdDSA') return generateKeyPairSync('ed25519');
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}
