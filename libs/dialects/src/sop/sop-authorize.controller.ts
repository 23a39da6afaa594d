import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthorizeFlow, BrowserErrorFilter } from '@app/authorization';
import { API_TAGS, ApiPageResponses, ApiPublic, HttpReply, HttpRequest, RawParams } from '@app/common';
import { sopAuthorizeRequest, sopProfile } from './sop-authorize.mapper';

/**
 * Seed 003 app authorization URL (RFC 6749 §4.1.1 under other names) over AuthorizeFlow: an
 * approved channel, its exact redirect_uri, login and consent; the callback is
 * `redirect_uri?app_id=…&code=…` and the code lives 24 hours, single use.
 */
@ApiTags(API_TAGS.dialects)
@ApiPublic()
@Controller('oauth2')
@UseFilters(BrowserErrorFilter)
export class SopAuthorizeController {
  constructor(private readonly flow: AuthorizeFlow) {}

  @Get('appToAppAuth')
  @ApiOperation({ summary: 'Seed 003 (sop): app authorization', description: 'app_id, redirect_uri → login and consent → redirect_uri?app_id=…&code=… (24-hour, single-use code).' })
  @ApiPageResponses({ ok: 'The consent page', redirect: 'To redirect_uri with app_id and code (or error), or to /login', error: 'Error page: unknown app_id or unregistered redirect_uri' })
  @ApiQuery({ name: 'app_id' })
  @ApiQuery({ name: 'redirect_uri' })
  authorize(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    const request = sopAuthorizeRequest(req.query as RawParams);
    return this.flow.start(req, res, request, sopProfile(request.clientId));
  }
}
