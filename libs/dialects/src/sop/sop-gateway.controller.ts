import { Controller, Get, Header, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { API_TAGS, ApiHttpLayerErrors, ApiPublic, clientIp, HttpReply, HttpRequest, OAuthError, OAuthJsonFilter } from '@app/common';
import { SopEnvelopeView } from '../shared/dialect-views';
import { bodyParams } from '../shared/dialect-params';
import { signedEnvelope } from './sop-envelope';
import { SopGateway } from './sop-gateway.service';
import { SopGatewayError } from './sop-gateway-error';
import { SopPlatformKey } from './sop-platform-key.service';
import { SOP_TOKEN_METHOD } from './sop-request';

/**
 * Seed 003 open-platform gateway: `POST /sop/gateway` (form-urlencoded, RSA2-signed by the app)
 * answers `{"open_auth_token_app_response": {...}, "sign": "…"}` signed by the platform key,
 * errors included (code 40002 + sub_code); the platform's public key is at GET /sop/platform-key.
 */
@ApiTags(API_TAGS.dialects)
@ApiPublic() // the gateway authenticates the app by its RSA2 signature
@Controller('sop')
@UseFilters(OAuthJsonFilter)
export class SopGatewayController {
  constructor(private readonly gateway: SopGateway, private readonly platformKey: SopPlatformKey) {}

  @Post('gateway')
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({
    summary: 'Seed 003 (sop): signed gateway, method=open.auth.token.app',
    description: 'app_id, method=open.auth.token.app, format=json, charset=utf-8, sign_type=RSA2, timestamp (yyyy-MM-dd HH:mm:ss in SOP_TIMEZONE, ±10 min), '
      + 'version=1.0, biz_content={"grant_type":"authorization_code","code":…} or {"grant_type":"refresh_token","refresh_token":…}, sign '
      + '(SHA256withRSA over the sorted k=v&… of every other non-empty parameter, verified with the channel\'s sop_public_key). '
      + 'Answers open_auth_token_app_response {code:"10000", msg, app_auth_token, app_refresh_token, expires_in, re_expires_in, user_id} '
      + 'and sign (platform key); errors: code "40002" with sub_code (isv.invalid-signature, isv.code-invalid, isv.invalid-timestamp …).',
  })
  @ApiOkResponse({ type: SopEnvelopeView, description: 'The signed envelope: the token, or code 40002 with a sub_code' })
  @ApiResponse({ status: 429, type: SopEnvelopeView, description: 'isv.app-call-limited: too many failed signatures (Retry-After)', headers: { 'Retry-After': { schema: { type: 'string' } } } })
  async call(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    let method = 'error';
    let status = 200;
    let payload: object;
    try {
      const params = readParams(req);
      if (params.method === SOP_TOKEN_METHOD) method = SOP_TOKEN_METHOD;
      payload = await this.gateway.tokenApp(params, clientIp(req));
    } catch (err) {
      if (!(err instanceof SopGatewayError)) throw err;
      status = err.status;
      payload = err.body;
      if (err.retryAfterSeconds) res.header('Retry-After', String(Math.max(1, Math.ceil(err.retryAfterSeconds))));
    }
    const key = await this.platformKey.get();
    res.status(status).headers({ 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', Pragma: 'no-cache' })
      .send(signedEnvelope(method, payload as Record<string, unknown>, key.privateKeyPem));
  }

  @Get('platform-key')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'Seed 003 (sop): the platform public key (PEM) that signs gateway responses', description: 'Verify the `sign` of every gateway answer with this key.' })
  @ApiOkResponse({ description: 'The PEM public key', content: { 'text/plain': { schema: { type: 'string' }, example: '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqh…\n-----END PUBLIC KEY-----\n' } } })
  @ApiHttpLayerErrors()
  async publicKey(): Promise<string> {
    return (await this.platformKey.get()).publicKeyPem;
  }
}

/** The form body; a malformed one (repeated parameter, wrong content type) is an isv error too. */
function readParams(req: HttpRequest): Record<string, string> {
  try {
    return bodyParams(req);
  } catch (err) {
    if (err instanceof OAuthError) throw new SopGatewayError('isv.invalid-parameter', err.description);
    throw err;
  }
}
