import { Controller, Get, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ClientsService, RegistrationGate } from '@app/clients';
import { clientIp, HttpReply, HttpRequest, noStore } from '@app/common';
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
@ApiTags('Compatibility')
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
