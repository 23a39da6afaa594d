import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * A rotated client secret travels from the rotate POST (which answers 302) to the next page
 * view inside the session's data. It is sealed with AES-256-GCM under a key derived from
 * SESSION_SECRET, so the sessions table never holds the secret in plain text, and the page
 * deletes it as it shows it (shown once).
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(sessionSecret: string) {
    this.key = createHash('sha256').update(`gatehouse console secret box\0${sessionSecret}`).digest();
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** null when the box was tampered with, sealed for another context, or sealed under another key. */
  open(sealed: unknown, context: string): string | null {
    if (typeof sealed !== 'string' || sealed.length > 4096) return null;
    try {
      const raw = Buffer.from(sealed, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
