import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { UsersService, UserView } from '@app/accounts';
import type { AuditContext } from '@app/persistence';
import { AdminAuthGuard } from '../auth/admin-auth.guard';
import { AdminAudit } from '../auth/admin-principal';
import { ApiErrors } from '../common/api-errors.decorator';
import { pageOf } from '../common/page-query.dto';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserPageView } from './admin-users.dto';

const ID_EXAMPLE = { name: 'id', example: '6f1c3c1e-0d7a-4a4e-9d55-2b1f0f2f8a10' };

@ApiTags('Admin')
@ApiBearerAuth('bearer')
@ApiErrors(401, 403)
@UseGuards(AdminAuthGuard)
@Controller('api/admin/users')
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a user (or an operator with is_admin)' })
  @ApiCreatedResponse({ type: UserView, description: 'The new user (never the password or its hash)' })
  @ApiErrors(400, 409)
  create(@Body() dto: CreateUserDto, @AdminAudit() ctx: AuditContext): Promise<UserView> {
    return this.users.create({ username: dto.username, password: dto.password, displayName: dto.display_name, isAdmin: dto.is_admin, attributes: dto.attributes }, ctx);
  }

  @Get()
  @ApiOperation({ summary: 'List or search users', description: 'Newest first.' })
  @ApiOkResponse({ type: UserPageView, description: 'One page of users and the total' })
  @ApiErrors(400)
  async list(@Query() q: ListUsersQueryDto): Promise<UserPageView> {
    const page = pageOf(q);
    const { items, total } = await this.users.list({ search: q.search, ...page });
    return { items, total, ...page };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A user' })
  @ApiParam(ID_EXAMPLE)
  @ApiOkResponse({ type: UserView, description: 'The user' })
  @ApiErrors(404)
  get(@Param('id') id: string): Promise<UserView> {
    return this.users.getById(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit, disable / enable, or reset the password of a user', description: 'Disable with {"disabled": true}; reset the password with {"password": "…"}; replace the attributes with {"attributes": {"seller_name": "…"}}.' })
  @ApiParam(ID_EXAMPLE)
  @ApiOkResponse({ type: UserView, description: 'The user after the change' })
  @ApiErrors(400, 404)
  update(@Param('id') id: string, @Body() dto: UpdateUserDto, @AdminAudit() ctx: AuditContext): Promise<UserView> {
    return this.users.update(id, { displayName: dto.display_name, password: dto.password, disabled: dto.disabled, isAdmin: dto.is_admin, attributes: dto.attributes }, ctx);
  }
}
