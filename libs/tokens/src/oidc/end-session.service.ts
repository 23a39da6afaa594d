import { Injectable } from '@nestjs/common';
import { InvalidClientRedirectError } from '@app/common';
import { PairwiseSubject } from '@app/accounts';
import { Client, ClientRegistry } from '@app/clients';
import { SigningKeys } from '../keys/signing-keys.service';
import { EndSessionParams, hintAudience, postLogoutLocation } from './end-session-request';

export interface LogoutTarget {
  /** The relying party named by client_id or by the hint's aud. */
  client: Client | null;
  /** The `sub` of a valid id_token_hint (the user's pairwise openid for `client`). */
  hintSubject: string | null;
  /** A registered post-logout URI with `state`, or null: then the logged-out page is shown. */
  location: string | null;
}

/**
 * OpenID Connect RP-Initiated Logout 1.0 §2, §3: what a logout request asks for.
 * - id_token_hint: an ID Token this server signed (signature, iss, typ "JWT"); an expired one is
 *   still accepted (§2 "the OP SHOULD accept ID Tokens … even if expired"); a forged one is refused;
 * - client_id, when sent beside a hint, must be one of its audiences; an unknown client is refused;
 * - post_logout_redirect_uri is used only when it EXACTLY matches one of that approved channel's
 *   registered post_logout_redirect_uris (checklist #6: no open redirector); otherwise no redirect.
 */
@Injectable()
export class EndSessionRequests {
  constructor(
    private readonly keys: SigningKeys,
    private readonly registry: ClientRegistry,
    private readonly pairwise: PairwiseSubject,
  ) {}

  async resolve(params: EndSessionParams): Promise<LogoutTarget> {
    const hint = params.idTokenHint ? await this.verifyHint(params.idTokenHint) : null;
    let clientId = params.clientId;
    if (hint) {
      if (clientId && !hint.audiences.includes(clientId)) {
        throw new InvalidClientRedirectError('client_id does not match the audience of id_token_hint');
      }
      clientId ??= hint.audiences.length === 1 ? hint.audiences[0] : undefined;
    }
    const client = clientId ? await this.registry.findByClientId(clientId) : null;
    if (clientId && !client) throw new InvalidClientRedirectError('Unknown client_id');
    return { client, hintSubject: hint?.sub ?? null, location: this.location(client, params) };
  }

  /** True when the hint names the signed-in user: the RP asks to end this very user's session. */
  async hintNamesUser(target: LogoutTarget, userId: string): Promise<boolean> {
    if (!target.hintSubject || !target.client) return false;
    return target.hintSubject === (await this.pairwise.openidFor(userId, target.client.clientId));
  }

  private location(client: Client | null, params: EndSessionParams): string | null {
    const uri = params.postLogoutRedirectUri;
    if (!uri || !client || client.status !== 'approved') return null;
    return client.postLogoutRedirectUris.includes(uri) ? postLogoutLocation(uri, params.state) : null;
  }

  private async verifyHint(token: string): Promise<{ sub: string; audiences: string[] }> {
    let payload: Record<string, unknown>;
    try {
      payload = (await this.keys.verify(token, { typ: 'JWT' })).payload;
    } catch (err) {
      // jose checks the signature, typ and iss before exp, so an expired hint is otherwise sound.
      const expired = (err as { code?: string; payload?: Record<string, unknown> });
      if (expired.code !== 'ERR_JWT_EXPIRED' || !expired.payload) {
        throw new InvalidClientRedirectError('id_token_hint is not a valid ID Token issued by this server');
      }
      payload = expired.payload;
    }
    const audiences = hintAudience(payload.aud, payload.azp);
    if (typeof payload.sub !== 'string' || audiences.length === 0) {
      throw new InvalidClientRedirectError('id_token_hint is not a valid ID Token issued by this server');
    }
    return { sub: payload.sub, audiences };
  }
}
