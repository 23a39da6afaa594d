import { Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { API_TAGS, ApiPageResponses, ApiPublic, HttpReply, HttpRequest, InvalidClientRedirectError, isFormEncoded } from '@app/common';
import { ConsentDecision } from '../consent/consent-decision';
import { BrowserErrorFilter } from '../http/browser-error.filter';
import { standardAuthorizeRequest } from './authorize-request';
import { AuthorizeFlow } from './authorize-flow';
import { STANDARD_PROFILE } from './dialect-profile';

/** RFC 6749 §3.1 (GET and POST) and §4.1.1: the standard wire names, mapped onto AuthorizeFlow. */
@ApiTags(API_TAGS.authorize)
@ApiPublic()
@Controller('oauth2')
@UseFilters(BrowserErrorFilter)
export class AuthorizeController {
  constructor(private readonly flow: AuthorizeFlow, private readonly decision: ConsentDecision) {}

  @Get('authorize')
  @ApiOperation({
    summary: 'Authorization endpoint (browser)',
    description: 'Authorization code flow (RFC 6749 §4.1) with PKCE S256 (RFC 7636). Signs the user in, asks for consent, '
      + 'then redirects to redirect_uri with code, state and iss (RFC 9207). An unknown client or unregistered redirect_uri '
      + 'gets an error page, never a redirect.',
  })
  @ApiQuery({ name: 'response_type', enum: ['code'] })
  @ApiQuery({ name: 'client_id' })
  @ApiQuery({ name: 'redirect_uri', required: false, description: 'Required when the channel registered more than one' })
  @ApiQuery({ name: 'scope', required: false, description: "Space-separated; default: the channel's scopes" })
  @ApiQuery({ name: 'state', required: false })
  @ApiQuery({ name: 'code_challenge', required: false, description: 'Required for public clients and channels with require_pkce' })
  @ApiQuery({ name: 'code_challenge_method', required: false, enum: ['S256'] })
  @ApiQuery({ name: 'prompt', required: false, enum: ['none', 'login', 'consent'] })
  @ApiPageResponses({
    ok: 'The consent page',
    redirect: 'To redirect_uri (code or error), or to /login',
    error: 'Error page: unknown client or unregistered redirect_uri',
  })
  authorize(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    return this.flow.start(req, res, standardAuthorizeRequest(req.query as Record<string, unknown>), STANDARD_PROFILE);
  }

  @Post('authorize')
  @ApiExcludeEndpoint()
  authorizeByPost(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    if (!isFormEncoded(req.headers['content-type'])) {
      throw new InvalidClientRedirectError('A POST to the authorization endpoint must be application/x-www-form-urlencoded');
    }
    return this.flow.start(req, res, standardAuthorizeRequest(req.body as Record<string, unknown>), STANDARD_PROFILE);
  }

  @Post('authorize/decision')
  @ApiExcludeEndpoint()
  decide(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    return this.decision.answer(req, res);
  }
}
