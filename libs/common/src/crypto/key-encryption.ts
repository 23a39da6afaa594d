import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Server secrets at rest (server_keys: the OIDC signing keys, the seed-003 platform RSA key, the
 * pairwise-subject HMAC secret): AES-256-GCM under a key derived with HKDF-SHA256 (RFC 5869)
 * from KEYS_SECRET (else SESSION_SECRET; see `serverKeySecret`). The key id (or row id) is bound
 * as additional data, so a ciphertext copied onto another row does not decrypt. A database dump
 * alone yields no key.
 */
export class KeyEncryption {
  private readonly key: Buffer;

  constructor(secret: string) {
    if (!secret) throw new Error('KeyEncryption needs a secret');
    this.key = Buffer.from(hkdfSync('sha256', secret, 'gatehouse/server_keys', 'signing-key-encryption/v1', 32));
  }

  seal(plaintext: string, keyId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(keyId));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  /** Throws when the secret is wrong or the value was altered (GCM authentication). */
  open(sealed: string, keyId: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('not a sealed key');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/** A value `seal` produced (as opposed to a plaintext row written before sealing existed). */
export function isSealed(value: string): boolean {
  return /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);
}

/** The secret that seals server_keys: KEYS_SECRET, else SESSION_SECRET. */
export function serverKeySecret(config: { keys?: { secret?: string }; session: { secret: string } }): string {
  return config.keys?.secret ?? config.session.secret;
}

/** Opens a sealed server_keys row (bound to its id); says what is wrong instead of a bare decryption error. */
export function openServerKey(encryption: KeyEncryption, row: { id: string; kind: string; privateMaterial: string }): string {
  try {
    return encryption.open(row.privateMaterial, row.id);
  } catch {
    throw new Error(`server_keys ${row.kind} ${row.id} cannot be opened: it is not sealed, or KEYS_SECRET (else SESSION_SECRET) changed since it was written`);
  }
}
