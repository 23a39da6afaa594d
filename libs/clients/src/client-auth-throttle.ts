import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/common';
import { lockout, Lockout, RateLimiter } from '@app/persistence';

/**
 * Brute-force protection for client authentication (OAuth 2.1 §2.4.1 "MUST protect … against
 * brute force"; checklist #26) that no one else can turn against a channel (issue 14, finding 3).
 * Client ids are public, so a lock per client would let anyone lock any channel out of its
 * token endpoint. Failures are therefore counted against whoever fails:
 * - the (client, address) pair: THROTTLE_CLIENT_AUTH per THROTTLE_CLIENT_AUTH_WINDOW, then that
 *   pair is locked for a window;
 * - the address, whatever the client (an address trying many channels, or unknown client ids):
 *   THROTTLE_CLIENT_AUTH_PER_ADDRESS per window, then the address is locked.
 * A channel calling from its own address is refused only for its own failures there. Guessing
 * is still bounded per address, and a generated secret has 256 bits: spreading guesses over
 * many addresses gains nothing.
 */
@Injectable()
export class ClientAuthThrottle {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly limiter: RateLimiter) {}

  /** Seconds until this client may try again from this address; 0 when it may now. */
  async blockedFor(clientId: string, ip: string): Promise<number> {
    const waits = await Promise.all(this.lockouts(clientId, ip).map((l) => this.limiter.blockedFor(l.lock)));
    return Math.max(0, ...waits);
  }

  /** One failed authentication from `ip`; `clientId` null when no such client exists (only the address counts). */
  async failed(clientId: string | null, ip: string): Promise<void> {
    for (const l of this.lockouts(clientId, ip)) {
      if ((await this.limiter.fail(l.counter)) >= l.counter.limit) await this.limiter.fail(l.lock);
    }
  }

  private lockouts(clientId: string | null, ip: string): Lockout[] {
    const t = this.config.throttle;
    const address = ip.slice(0, 64);
    const list = [lockout('client-auth:address', address, t.clientAuthPerAddress, t.clientAuthWindow)];
    if (clientId !== null) list.push(lockout('client-auth:client-address', `${clientId.slice(0, 100)}/${address}`, t.clientAuthPerClient, t.clientAuthWindow));
    return list;
  }
}
