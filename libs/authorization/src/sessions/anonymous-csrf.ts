import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from '@app/common';

/**
 * Signed double-submit CSRF token for pages shown to a browser without a session (the login
 * pages; OWASP CSRF cheat sheet, "signed double-submit cookie"). Showing such a page writes no
 * database row (issue 14 #7: every anonymous GET /login used to create a session); the token
 * goes into the `gh_csrf` cookie and the form's `_csrf`, and a post passes only when both are
 * equal and the server's HMAC over the token checks out and it is younger than the TTL. A token
 * made up by an attacker, or a cookie planted without the matching form value, fails.
 *
 * Token: base64url( issued-at (6 bytes, seconds) | 16 random bytes | HMAC-SHA256 over both ).
 */
export const ANONYMOUS_CSRF_COOKIE = 'gh_csrf';
const ISSUED_AT_BYTES = 6;
const NONCE_BYTES = 16;
const MAC_BYTES = 32;
const TOKEN_BYTES = ISSUED_AT_BYTES + NONCE_BYTES + MAC_BYTES;

export class AnonymousCsrf {
  private readonly key: Buffer;

  constructor(secret: string, private readonly ttlSeconds: number) {
    // A key of its own, so the token can never be mistaken for another signature made with the secret.
    this.key = createHmac('sha256', secret).update('gatehouse anonymous csrf v1').digest();
  }

  issue(now = Date.now()): string {
    const head = Buffer.alloc(ISSUED_AT_BYTES + NONCE_BYTES);
    head.writeUIntBE(Math.floor(now / 1000), 0, ISSUED_AT_BYTES);
    randomBytes(NONCE_BYTES).copy(head, ISSUED_AT_BYTES);
    return Buffer.concat([head, this.mac(head)]).toString('base64url');
  }

  /** Seconds since the token was issued, or null when it is not one of ours (or expired). */
  age(token: unknown, now = Date.now()): number | null {
    if (typeof token !== 'string' || token.length !== Math.ceil((TOKEN_BYTES * 4) / 3) || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
    const raw = Buffer.from(token, 'base64url');
    if (raw.length !== TOKEN_BYTES) return null;
    const head = raw.subarray(0, ISSUED_AT_BYTES + NONCE_BYTES);
    if (!constantTimeEqual(raw.subarray(ISSUED_AT_BYTES + NONCE_BYTES).toString('base64url'), this.mac(head).toString('base64url'))) return null;
    const age = Math.floor(now / 1000) - head.readUIntBE(0, ISSUED_AT_BYTES);
    return age >= 0 && age < this.ttlSeconds ? age : null;
  }

  /** The double-submit check: the form's value equals the cookie's, and the cookie is a live token of ours. */
  verify(cookie: unknown, formValue: unknown, now = Date.now()): boolean {
    if (typeof cookie !== 'string' || typeof formValue !== 'string' || formValue.length === 0) return false;
    return constantTimeEqual(cookie, formValue) && this.age(cookie, now) !== null;
  }

  private mac(head: Buffer): Buffer {
    return createHmac('sha256', this.key).update(head).digest();
  }
}
