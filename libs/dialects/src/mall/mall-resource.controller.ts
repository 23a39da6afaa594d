import { Controller, Get, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PairwiseSubject, UsersService } from '@app/accounts';
import { HttpReply, HttpRequest, noStore } from '@app/common';
import { AcceptQueryAccessToken, BearerGuard, CurrentAccessToken, insufficientScopeError, invalidTokenError, presentedBearer } from '@app/resource';
import type { ValidatedAccessToken } from '@app/tokens';
import { MALL_INVALID_TOKEN, MallResourceErrorFilter } from './mall-resource-error.filter';
import { mallEnvelope, MallEnvelope, mallOpenIdResult, MallOpenIdResult, mallUserInfo } from './mall.mapper';

const envelope = (result: Record<string, SchemaObject>): { schema: SchemaObject } => ({
  schema: { properties: { status: { type: 'integer', example: 1 }, msg: { type: 'string', example: '操作成功!' }, result: { type: 'object', properties: result } } },
});

/**
 * Seed 002 "mall", step 4 (RFC 6750 §2.1 / §2.3): the token as `access_token` in the query (as
 * the document calls it) or a Bearer header. Success is the document's envelope
 * `{"status":1,"msg":"操作成功!","result":{…}}`; a bad token is 401 `{error:"invalid_token", error_description}` in the document's words.
 * - getOpenId: the token, its channel, its expiry (Unix seconds), scope (null as in the token
 *   answer) and the pairwise openid;
 * - getUserInfo: the user's attributes with `seller_name` first; needs the `profile` scope.
 */
@ApiTags('Compatibility')
@Controller('v1/oauth2')
@UseGuards(BearerGuard)
@AcceptQueryAccessToken()
@UseFilters(MallResourceErrorFilter)
export class MallResourceController {
  constructor(private readonly pairwise: PairwiseSubject, private readonly users: UsersService) {}

  @Get('getOpenId')
  @ApiBearerAuth('bearer')
  @ApiQuery({ name: 'access_token', required: false })
  @ApiOperation({ summary: 'Seed 002 (mall): the token and the openid of its user', description: '→ {"status":1,"msg":"操作成功!","result":{"access_token","client_id","expires","scope","open_id"}}; open_id is pairwise for the channel, expires in Unix seconds (-1: never), scope null when the authorize request carried none.' })
  @ApiOkResponse(envelope({
    access_token: { type: 'string' }, client_id: { type: 'string' }, expires: { type: 'integer', example: 1536083506 },
    scope: { type: 'string', nullable: true }, open_id: { type: 'string' },
  }))
  async getOpenId(@Req() req: HttpRequest, @CurrentAccessToken() token: ValidatedAccessToken, @Res({ passthrough: true }) res: HttpReply): Promise<MallEnvelope<MallOpenIdResult>> {
    noStore(res);
    const userId = this.userOf(token);
    const presented = presentedBearer(req, true);
    if (presented.token === null) throw invalidTokenError(MALL_INVALID_TOKEN);
    return mallEnvelope(mallOpenIdResult(presented.token, token, await this.pairwise.openidFor(userId, token.clientId)));
  }

  @Get('getUserInfo')
  @ApiBearerAuth('bearer')
  @ApiQuery({ name: 'access_token', required: false })
  @ApiOperation({ summary: 'Seed 002 (mall): the user\'s information', description: '→ {"status":1,"msg":"操作成功!","result":{"seller_name":"…", …the user\'s attributes}}; seller_name is the attribute of that name, else the display name, else the username. Needs the profile scope.' })
  @ApiOkResponse(envelope({ seller_name: { type: 'string' } }))
  async getUserInfo(@CurrentAccessToken() token: ValidatedAccessToken, @Res({ passthrough: true }) res: HttpReply): Promise<MallEnvelope<Record<string, string>>> {
    noStore(res);
    const userId = this.userOf(token);
    if (!token.scopes.includes('profile')) throw insufficientScopeError(['profile'], 'This token was not granted the profile scope');
    const user = await this.users.findById(userId);
    if (!user || user.disabled) throw invalidTokenError(MALL_INVALID_TOKEN);
    return mallEnvelope(mallUserInfo(user));
  }

  private userOf(token: ValidatedAccessToken): string {
    if (!token.userId) throw insufficientScopeError([], 'This token was not granted by a user');
    return token.userId;
  }
}
