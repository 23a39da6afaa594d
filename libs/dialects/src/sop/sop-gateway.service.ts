import { Inject, Injectable } from '@nestjs/common';
import { Client, ClientRegistry, sopGatewayLifetimes } from '@app/clients';
import { APP_CONFIG, AppConfig, InvalidClientError, InvalidGrantError, OAuthError, TooManyRequestsError, UnauthorizedClientError } from '@app/common';
import { RateLimiter, RateLimitRule } from '@app/persistence';
import { TokenResult, TokenService } from '@app/tokens';
import { SOP_SUCCESS } from './sop-envelope';
import { SopGatewayError } from './sop-gateway-error';
import { checkCommonParams, readBizContent, SopGrant } from './sop-request';
import { signContent, verifyRsa2 } from './sop-signature';
import { isWithinWindow, parseSopTimestamp } from './sop-timestamp';

/** Seed 003: after a refresh the old app_auth_token keeps working this long, unless the channel sets its own. */
export const SOP_DEFAULT_REFRESH_GRACE_SECONDS = 600;

export interface SopTokenPayload {
  code: string;
  msg: string;
  app_auth_token: string;
  app_refresh_token?: string;
  expires_in: number;
  re_expires_in: number;
  user_id: string;
}

/**
 * Seed 003 `open.auth.token.app` through the signed gateway (RFC 6749 §4.1.3 and §6 underneath).
 * Enforces, in order: the common parameters; an approved channel with a registered RSA public
 * key (the app authenticates by its signature, never a secret); the RSA2 signature over the
 * sorted parameters, failures throttled per channel like any client authentication (#26); the
 * timestamp within ±10 minutes in SOP_TIMEZONE (replays of old signed calls fail); then the
 * grant, with every rule of the core (single-use code bound to the channel, rotation, reuse
 * revokes the family). Tokens never expire unless an operator set the channel's lifetimes
 * (sopGatewayLifetimes: the document's app_auth_token is "永久有效").
 */
@Injectable()
export class SopGateway {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: ClientRegistry,
    private readonly limiter: RateLimiter,
    private readonly tokens: TokenService,
  ) {}

  async tokenApp(params: Record<string, string>, ip: string): Promise<SopTokenPayload> {
    checkCommonParams(params);
    const client = await this.authenticate(params);
    const timestamp = parseSopTimestamp(params.timestamp, this.config.sop.timezone);
    if (!timestamp || !isWithinWindow(timestamp)) {
      throw new SopGatewayError('isv.invalid-timestamp', `timestamp must be yyyy-MM-dd HH:mm:ss (${this.config.sop.timezone}) within 10 minutes of now`);
    }
    const grant = readBizContent(params.biz_content);
    const result = await this.exchange(client, grant, ip);
    return {
      ...SOP_SUCCESS,
      app_auth_token: result.accessToken,
      ...(result.refreshToken ? { app_refresh_token: result.refreshToken } : {}),
      expires_in: result.expiresIn,
      re_expires_in: result.refreshExpiresIn ?? -1,
      user_id: result.userId ?? '',
    };
  }

  private async authenticate(params: Record<string, string>): Promise<Client> {
    const rule: RateLimitRule = {
      key: `client-auth:${params.app_id}`,
      limit: this.config.throttle.clientAuthPerClient,
      windowSeconds: this.config.throttle.clientAuthWindow,
    };
    const blocked = await this.limiter.blockedFor(rule);
    if (blocked > 0) throw new SopGatewayError('isv.app-call-limited', 'Too many failed signatures; try again later', 429, blocked);
    const client = await this.registry.findByClientId(params.app_id);
    if (!client || client.status !== 'approved') throw new SopGatewayError('isv.invalid-app-id', 'The app_id is unknown or not approved');
    if (!client.sopPublicKey) throw new SopGatewayError('isv.invalid-app-id', 'This app has no RSA public key registered (sop_public_key)');
    if (!verifyRsa2(signContent(params), params.sign, client.sopPublicKey)) {
      await this.limiter.fail(rule);
      throw new SopGatewayError('isv.invalid-signature', 'The signature does not verify with the app\'s public key');
    }
    return client;
  }

  private async exchange(client: Client, grant: SopGrant, ip: string): Promise<TokenResult> {
    try {
      return await this.tokens.exchange(client, { ...grant }, {
        ...sopGatewayLifetimes(client),
        redirectUriOptional: true,
        ip,
        defaultRefreshGraceSeconds: SOP_DEFAULT_REFRESH_GRACE_SECONDS,
      });
    } catch (err) {
      throw err instanceof OAuthError ? toGatewayError(err, grant) : err;
    }
  }
}

function toGatewayError(err: OAuthError, grant: SopGrant): SopGatewayError {
  if (err instanceof InvalidGrantError) {
    return grant.grant_type === 'authorization_code'
      ? new SopGatewayError('isv.code-invalid', err.description)
      : new SopGatewayError('isv.refresh-token-invalid', err.description);
  }
  if (err instanceof InvalidClientError) return new SopGatewayError('isv.invalid-app-id', err.description);
  if (err instanceof UnauthorizedClientError) return new SopGatewayError('isv.invalid-grant-type', err.description);
  if (err instanceof TooManyRequestsError) return new SopGatewayError('isv.app-call-limited', err.description, 429);
  return new SopGatewayError('isv.invalid-parameter', err.description);
}
