import { Controller, Get, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ClientsService, RegistrationGate } from '@app/clients';
import { API_TAGS, clientIp, HttpReply, HttpRequest, noStore, SECURITY_SCHEMES } from '@app/common';
import { AuthserverErrorView, AuthserverRegisteredView } from '../shared/dialect-views';
import { FloodCeilingGuard } from '@app/persistence';
import { queryParams } from '../shared/dialect-params';
import { AuthserverErrorFilter } from './authserver-error.filter';
import { registeredView, registrationInput } from './authserver.mapper';

/**
 * Seed 004 registration, `GET /client/add` (RFC 7591 in the seed's shape): the same gate as
 * POST /api/v1/clients (REGISTRATION=closed → operators only; anonymous calls rate-limited per
 * address), the same validation (exact https/loopback redirect URI), and the channel starts
 * pending: it cannot authorize until an operator approves it. The secret is shown only here.
 */
@ApiTags(API_TAGS.dialects)
@Controller('client')
@UseFilters(AuthserverErrorFilter)
export class AuthserverRegistrationController {
  constructor(private readonly gate: RegistrationGate, private readonly clients: ClientsService) {}

  @Get('add')
  @UseGuards(FloodCeilingGuard)
  @ApiOperation({
    summary: 'Seed 004 (authserver): register a channel',
    description: 'clientName, redirectUrl, description → {result:true, errcode:2000, msg:"操作成功", data:{clientId, clientName, clientSecret, description, redirectUrl}}. '
      + 'The channel waits for an operator\'s approval. Errors: {result:false, errcode:4xxx, msg}.',
  })
  // Anonymous, or an operator's admin token (required when REGISTRATION=closed).
  @ApiSecurity({} as Record<string, string[]>)
  @ApiSecurity(SECURITY_SCHEMES.admin)
  @ApiOkResponse({ type: AuthserverRegisteredView, description: 'Registered (pending approval)' })
  @ApiResponse({ status: 400, type: AuthserverErrorView, description: 'errcode 4000: invalid input' })
  @ApiResponse({ status: 401, type: AuthserverErrorView, description: 'errcode 4001: the operator token is invalid or expired' })
  @ApiResponse({ status: 403, type: AuthserverErrorView, description: 'errcode 4003: registration is closed' })
  @ApiResponse({ status: 429, type: AuthserverErrorView, description: 'errcode 4029: too many registrations from this address (Retry-After)' })
  @ApiQuery({ name: 'clientName' })
  @ApiQuery({ name: 'redirectUrl' })
  @ApiQuery({ name: 'description', required: false })
  async add(@Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply): Promise<ReturnType<typeof registeredView>> {
    noStore(res);
    const params = queryParams(req);
    const ctx = await this.gate.admit(req.headers.authorization, clientIp(req));
    return registeredView(await this.clients.register(registrationInput(params), ctx));
  }
}
