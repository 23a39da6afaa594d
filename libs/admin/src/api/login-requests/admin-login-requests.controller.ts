import { Body, Controller, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { clientIp } from '@app/common';
import { ExternalUsers } from '@app/accounts';
import { LoginRequests } from '@app/authorization';
import { ClientRegistry } from '@app/clients';
import type { AuditContext } from '@app/persistence';
import { AuditLog } from '@app/persistence';
import { ApiErrors } from '../common/api-errors.decorator';
import { LoginCaller, LoginCallerGuard, LoginCallerRequest } from './login-caller.guard';
import { AcceptLoginDto, LoginRedirectView, LoginRequestView, RejectLoginDto } from './login-requests.dto';

const CHALLENGE = { name: 'challenge', example: 'ghlc_q3f2Rk1yZ0x4c0tqV2FkT2t6bVdUN3FfY0JmRzZ4eWc', description: 'The login_challenge Gatehouse put in LOGIN_PROVIDER_URL' };

/**
 * LOGIN_MODE=provider (PRODUCT.md "Delegated login"): the platform reads a login request,
 * then accepts it with its user or rejects it, and sends the browser to `redirect_to`.
 * 404: unknown challenge; 410: already used or expired (the browser must start again);
 * 409: already accepted or rejected.
 */
@ApiTags('Admin')
@ApiBearerAuth('bearer')
@ApiErrors(401, 403, 404)
@UseGuards(LoginCallerGuard)
@Controller('api/admin/login-requests')
export class AdminLoginRequestsController {
  constructor(
    private readonly requests: LoginRequests,
    private readonly registry: ClientRegistry,
    private readonly users: ExternalUsers,
    private readonly audit: AuditLog,
  ) {}

  @Get(':challenge')
  @ApiOperation({ summary: 'A login request: which app, which scopes, prompt/max_age/login_hint', description: 'Caller: an operator bearer, or a client_credentials token with the scope gatehouse:login. 410 once used or expired.' })
  @ApiParam(CHALLENGE)
  @ApiOkResponse({ type: LoginRequestView, description: 'The login request (status pending until it is answered)' })
  @ApiErrors(410)
  async get(@Param('challenge') challenge: string): Promise<LoginRequestView> {
    const request = await this.requests.describe(challenge);
    const client = await this.registry.findByClientId(request.clientId);
    return {
      challenge,
      client: { client_id: request.clientId, client_name: client?.clientName ?? request.clientId },
      requested_scope: request.requestedScope,
      expires_at: request.expiresAt.toISOString(),
      prompt: request.prompt,
      max_age: request.maxAge,
      login_hint: request.loginHint,
      status: request.state,
    };
  }

  @Post(':challenge/accept')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Accept: sign this user in (created or updated with the platform\'s user_id)',
    description: 'Single use: a second accept or reject is 409. The user must not be a Gatehouse operator (403) or disabled (403); a username held by another user is 409.',
  })
  @ApiParam(CHALLENGE)
  @ApiBody({ type: AcceptLoginDto, examples: { basic: { value: { user_id: '100042', username: 'alice', display_name: 'Alice Liu', amr: ['pwd', 'otp'] } } } })
  @ApiOkResponse({ type: LoginRedirectView, description: 'Accepted: redirect the browser to redirect_to' })
  @ApiErrors(400, 409, 410)
  async accept(@Param('challenge') challenge: string, @Body() dto: AcceptLoginDto, @Req() req: LoginCallerRequest): Promise<LoginRedirectView> {
    const ctx = auditOf(req);
    this.users.check({ userId: dto.user_id, username: dto.username, displayName: dto.display_name });
    const pending = await this.requests.pending(challenge);
    const user = await this.users.upsert({ userId: dto.user_id, username: dto.username, displayName: dto.display_name }, ctx);
    const redirectTo = await this.requests.accept(challenge, user.id, dto.amr ? [...new Set(dto.amr)] : []);
    await this.audit.record(ctx, { action: 'login_request.accepted', targetType: 'user', targetId: user.id, details: { client_id: pending.clientId } });
    return { redirect_to: redirectTo };
  }

  @Post(':challenge/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject: the app receives error=access_denied (with your error_description)', description: 'Single use: a second accept or reject is 409.' })
  @ApiParam(CHALLENGE)
  @ApiBody({ type: RejectLoginDto, examples: { cancelled: { value: { error: 'access_denied', error_description: 'The user cancelled the sign-in' } } } })
  @ApiOkResponse({ type: LoginRedirectView, description: 'Rejected: redirect the browser to redirect_to (it reaches the app with access_denied)' })
  @ApiErrors(400, 409, 410)
  async reject(@Param('challenge') challenge: string, @Body() dto: RejectLoginDto, @Req() req: LoginCallerRequest): Promise<LoginRedirectView> {
    const redirectTo = await this.requests.reject(challenge, dto.error_description ?? null);
    await this.audit.record(auditOf(req), { action: 'login_request.rejected', targetType: 'login_request', targetId: null, details: { error: dto.error } });
    return { redirect_to: redirectTo };
  }
}

function auditOf(req: LoginCallerRequest): AuditContext {
  const caller = req.loginCaller as LoginCaller;
  return { actor: caller.kind === 'operator' ? `admin:${caller.username}` : `client:${caller.clientId}`, ip: clientIp(req) };
}
