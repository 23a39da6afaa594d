import { Body, Controller, Delete, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPublic, clientIp, HttpReply, HttpRequest, noStore } from '@app/common';
import { FloodCeilingGuard } from '@app/persistence';
import { ApiErrors } from '../common/api-errors.decorator';
import { AdminAuthGuard } from './admin-auth.guard';
import { AdminAuthService } from './admin-auth.service';
import { AdminPrincipal, CurrentAdmin } from './admin-principal';
import { AdminLoginDto, AdminSessionView } from './admin-session.dto';

@ApiTags('Admin')
@Controller('api/admin/session')
export class AdminSessionController {
  constructor(private readonly auth: AdminAuthService) {}

  @Post()
  @HttpCode(200)
  @UseGuards(FloodCeilingGuard)
  @ApiPublic()
  @ApiOperation({ summary: 'Log in as an operator', description: 'Returns a bearer token for every other /api/admin call. An operator with a second factor (and every operator when ADMIN_MFA=required) also sends `otp`. Failed attempts are throttled per account and per address.' })
  @ApiOkResponse({ type: AdminSessionView, description: 'Cache-Control: no-store' })
  @ApiErrors(400, 401, 403, 429)
  async login(@Body() dto: AdminLoginDto, @Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply): Promise<AdminSessionView> {
    const session = await this.auth.login(req, dto.username, dto.password, dto.otp, res);
    noStore(res);
    return { access_token: session.token, token_type: 'Bearer', expires_in: session.expiresIn };
  }

  @Delete()
  @HttpCode(204)
  @UseGuards(AdminAuthGuard)
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'Log out', description: 'Ends the session of the presented bearer token.' })
  @ApiNoContentResponse({ description: 'Logged out; the token no longer works' })
  @ApiErrors(401, 403)
  async logout(@CurrentAdmin() admin: AdminPrincipal, @Req() req: HttpRequest): Promise<void> {
    await this.auth.logout(admin, clientIp(req));
  }
}
