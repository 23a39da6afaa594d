import { Body, Controller, HttpCode, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AllowedMethodsOnly, API_TAGS, ApiJsonErrors, clientIp, HttpReply, HttpRequest, noStore, SECURITY_SCHEMES } from '@app/common';
import { FloodCeilingGuard } from '@app/persistence';
import { ClientsService } from '../clients.service';
import { RegisterClientDto } from './register-client.dto';
import { RegisteredClientView } from './registered-client.view';
import { RegistrationErrorFilter } from './registration-error.filter';
import { RegistrationGate } from './registration-gate';

/**
 * RFC 7591 §3 dynamic client registration (RFC 9700 §4.15.1: the server picks client_id).
 * The channel starts `pending`; an operator approves it before it can authorize or get tokens.
 */
@ApiTags(API_TAGS.register)
@Controller('api/v1/clients')
@UseFilters(RegistrationErrorFilter)
export class RegistrationController {
  constructor(private readonly gate: RegistrationGate, private readonly clients: ClientsService) {}

  @Post()
  @AllowedMethodsOnly()
  @HttpCode(201)
  @UseGuards(FloodCeilingGuard)
  @ApiOperation({
    summary: 'Register a channel',
    description: 'Creates a pending channel and returns its client_id and (for confidential clients) its secret, shown only here. '
      + 'Anonymous while REGISTRATION=open (rate-limited per address); with REGISTRATION=closed only an operator may register, '
      + 'presenting an admin API bearer token.',
  })
  // Anonymous, or an operator's admin token (required when REGISTRATION=closed).
  @ApiSecurity({} as Record<string, string[]>)
  @ApiSecurity(SECURITY_SCHEMES.admin)
  @ApiCreatedResponse({ type: RegisteredClientView, description: 'Registered; status "pending". Cache-Control: no-store.' })
  @ApiJsonErrors([400, 401, 403, 413, 429], {
    400: 'invalid_redirect_uri or invalid_client_metadata (RFC 7591 §3.2.2): `message` names each wrong field; unknown fields are refused',
    401: 'A bearer token was presented but is invalid or expired',
    403: 'Registration is closed and the caller is not an operator',
    429: 'Too many registrations from this address (Retry-After)',
  })
  async register(@Body() dto: RegisterClientDto, @Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply): Promise<RegisteredClientView> {
    const ctx = await this.gate.admit(req.headers.authorization, clientIp(req));
    const registered = await this.clients.register(dto, ctx);
    noStore(res);
    return RegisteredClientView.fromRegistered(registered);
  }
}
