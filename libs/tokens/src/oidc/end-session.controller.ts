import { Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { API_TAGS, ApiPageResponses, ApiPublic, HttpReply, HttpRequest, InvalidClientRedirectError, isFormEncoded } from '@app/common';
import { BrowserErrorFilter } from '@app/authorization';
import { readEndSessionParams } from './end-session-request';
import { EndSessionFlow } from './end-session-flow';

/**
 * OpenID Connect RP-Initiated Logout 1.0 §2: the end_session_endpoint, GET and POST (form).
 * Errors (a forged id_token_hint, an unknown client) render the error page, never a redirect.
 * Only a POST of this server's own confirmation form may carry `confirm` and `_csrf`.
 */
@ApiTags(API_TAGS.authorize)
@ApiPublic()
@Controller('oauth2')
@UseFilters(BrowserErrorFilter)
export class EndSessionController {
  constructor(private readonly flow: EndSessionFlow) {}

  @Get('logout')
  @ApiOperation({
    summary: 'End session (OpenID Connect RP-Initiated Logout 1.0, browser)',
    description: 'Ends the browser session. With a valid id_token_hint for the signed-in user it ends at once, otherwise the '
      + 'user confirms. Redirects only to a registered post_logout_redirect_uri (exact match), with state; else shows the '
      + 'signed-out page.',
  })
  @ApiQuery({ name: 'id_token_hint', required: false, description: 'An ID Token this server issued (expired ones accepted)' })
  @ApiQuery({ name: 'client_id', required: false })
  @ApiQuery({ name: 'post_logout_redirect_uri', required: false, description: "One of the channel's post_logout_redirect_uris" })
  @ApiQuery({ name: 'state', required: false })
  @ApiPageResponses({
    ok: 'The confirmation page or the signed-out page',
    redirect: 'To the registered post_logout_redirect_uri, with state',
    error: 'Error page: invalid id_token_hint, unknown or mismatched client_id',
  })
  logout(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    const params = readEndSessionParams(req.query);
    return this.flow.handle(req, res, { ...params, confirmed: false, csrf: undefined });
  }

  @Post('logout')
  @ApiOperation({ summary: 'End session, form POST (same parameters)', description: 'The same as GET with the parameters in an application/x-www-form-urlencoded body (the confirmation page posts here).' })
  @ApiPageResponses({
    ok: 'The signed-out page',
    redirect: 'To the registered post_logout_redirect_uri, with state',
    error: 'Error page: not a form body, invalid id_token_hint, unknown or mismatched client_id, or a failed CSRF check',
  })
  logoutByPost(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    if (!isFormEncoded(req.headers['content-type'])) {
      throw new InvalidClientRedirectError('A POST to the end-session endpoint must be application/x-www-form-urlencoded');
    }
    return this.flow.handle(req, res, readEndSessionParams(req.body));
  }
}
