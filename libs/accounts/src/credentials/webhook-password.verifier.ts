import { Logger } from '@nestjs/common';
import type { VerifyWebhookConfig } from '@app/common';
import { ConflictError, ForbiddenError } from '@app/common';
import { ExternalUsers } from '../external-users';
import { PASSWORD_MAX } from '../users.service';
import { CircuitBreaker } from './circuit-breaker';
import { LocalPasswordVerifier } from './local-password.verifier';
import type { PasswordVerifier, VerifyOutcome } from './password-verifier';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature';

const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * LOGIN_MODE=verify (PRODUCT.md "Delegated login"): the platform checks the password.
 * - A user with a password of its own in Gatehouse (operators; users migrated with
 *   LOGIN_VERIFY_MIGRATE) is checked locally: the console never depends on the platform.
 * - Everyone else: a signed JSON POST {username, password} to LOGIN_VERIFY_URL, within
 *   LOGIN_VERIFY_TIMEOUT_MS (5 s), no redirects followed, the answer capped at 64 KiB.
 *   200 {user_id, username?, display_name?} → that user is created or updated and signed in;
 *   401/403 → a wrong password; anything else, a timeout or a network error → unavailable.
 * - A circuit breaker stops calling a platform that keeps failing (LOGIN_VERIFY_BREAKER_*).
 */
export class WebhookPasswordVerifier implements PasswordVerifier {
  private readonly logger = new Logger('PasswordWebhook');
  private readonly breaker: CircuitBreaker;

  constructor(
    private readonly config: VerifyWebhookConfig,
    private readonly local: LocalPasswordVerifier,
    private readonly external: ExternalUsers,
  ) {
    this.breaker = new CircuitBreaker(config.breakerFailures, config.breakerOpenSeconds);
  }

  async verify(username: string, password: string): Promise<VerifyOutcome> {
    if (await this.external.hasLocalPassword(username)) return this.local.verify(username, password);
    if (!this.breaker.allow()) return { outcome: 'unavailable', reason: 'the platform failed repeatedly; calls are paused' };
    const answer = await this.ask(username, password.slice(0, PASSWORD_MAX));
    if (answer.kind === 'failure') {
      this.breaker.failed();
      this.logger.warn(`password check at the platform failed: ${answer.reason}`);
      return { outcome: 'unavailable', reason: answer.reason };
    }
    this.breaker.succeeded();
    if (answer.kind === 'refused') return { outcome: 'invalid' };
    return this.signIn(answer.body, username, password);
  }

  private async signIn(body: Record<string, unknown>, typed: string, password: string): Promise<VerifyOutcome> {
    const ctx = { actor: 'platform:verify' };
    try {
      const user = await this.external.upsert({
        userId: body.user_id, username: body.username ?? undefined, displayName: body.display_name, fallbackUsername: typed,
      }, ctx);
      if (this.config.migrate) await this.external.adoptPassword(user.id, password, ctx);
      return { outcome: 'valid', user };
    } catch (err) {
      // An operator's id, a disabled user, a username held by someone else: not a sign-in.
      if (err instanceof ForbiddenError || err instanceof ConflictError) {
        this.logger.warn(`platform-approved sign-in refused: ${err.message}`);
        return { outcome: 'invalid' };
      }
      this.logger.warn(`the platform's answer is not usable: ${(err as Error).message}`);
      return { outcome: 'unavailable', reason: 'the platform answered with an unusable user' };
    }
  }

  private async ask(username: string, password: string): Promise<
    { kind: 'accepted'; body: Record<string, unknown> } | { kind: 'refused' } | { kind: 'failure'; reason: string }
  > {
    const raw = JSON.stringify({ username, password });
    try {
      const res = await fetch(this.config.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', [SIGNATURE_HEADER]: signWebhook(this.config.secret, raw) },
        body: raw,
        redirect: 'error',
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      if (res.status === 401 || res.status === 403) {
        await res.body?.cancel();
        return { kind: 'refused' };
      }
      if (res.status !== 200) {
        await res.body?.cancel();
        return { kind: 'failure', reason: `HTTP ${res.status}` };
      }
      const text = await readCapped(res, MAX_ANSWER_BYTES);
      const body = JSON.parse(text) as unknown;
      if (!body || typeof body !== 'object' || Array.isArray(body)) return { kind: 'failure', reason: 'the answer is not a JSON object' };
      return { kind: 'accepted', body: body as Record<string, unknown> };
    } catch (err) {
      const e = err as Error;
      const reason = e.name === 'TimeoutError' ? `no answer within ${this.config.timeoutMs} ms` : e.message;
      return { kind: 'failure', reason };
    }
  }
}

async function readCapped(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new Error(`the answer is larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
