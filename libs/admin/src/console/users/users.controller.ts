import { Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HttpReply, HttpRequest, ValidationError } from '@app/common';
import { UsersService } from '@app/accounts';
import { ConsoleAdmin, CurrentAdmin } from '../auth/console-admin';
import { ConsoleAdminGuard } from '../auth/console-admin.guard';
import { ConsoleErrorFilter } from '../auth/console-error.filter';
import { confirmed, ConsoleActions } from '../pages/console-actions';
import { ConsolePages } from '../pages/console-pages';
import { PAGE_SIZE, pageNumber, pager, queryText } from '../pages/paging';
import { attributesInput, attributesOnPage, newUserInput } from './user-form';

/**
 * Users from the console, through UsersService: search, create, disable / enable, attributes
 * and a new password. Disabling and a new password end the user's sessions, so both need confirmation;
 * an operator cannot disable their own account.
 */
@ApiExcludeController()
@Controller('admin/users')
@UseGuards(ConsoleAdminGuard)
@UseFilters(ConsoleErrorFilter)
export class UsersController {
  constructor(private readonly pages: ConsolePages, private readonly actions: ConsoleActions, private readonly users: UsersService) {}

  @Get()
  async list(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin): Promise<void> {
    const q = queryText(req.query, 'q', 100);
    const page = pageNumber(queryText(req.query, 'page'));
    const list = await this.users.list({ search: q || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    await this.pages.render(req, res, admin, 'users', {
      titleKey: 'admin.users.title', users: list.items, total: list.total, q, pager: pager('/admin/users', { q }, page, list.total),
    });
  }

  @Post()
  create(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin): Promise<void> {
    return this.actions.run(req, res, '/admin/users', async (form) => {
      const user = await this.users.create(newUserInput(form), admin.audit);
      return { flash: { kind: 'success', key: 'admin.flash.user_created', params: { name: user.username } }, redirect: userPath(user.id) };
    }, admin);
  }

  @Get(':id')
  async show(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin, @Param('id') id: string): Promise<void> {
    const user = await this.users.getById(id);
    await this.pages.render(req, res, admin, 'user', { titleKey: 'admin.user.title', user, self: user.id === admin.user.id, ...attributesOnPage(user.attributes) });
  }

  @Post(':id/disable')
  disable(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin, @Param('id') id: string): Promise<void> {
    return this.actions.run(req, res, userPath(id), async (form) => {
      if (id === admin.user.id) throw new ValidationError('disabled', 'you cannot disable your own account');
      confirmed(form);
      const user = await this.users.update(id, { disabled: true }, admin.audit);
      return { flash: { kind: 'success', key: 'admin.flash.user_disabled', params: { name: user.username } } };
    }, admin);
  }

  @Post(':id/enable')
  enable(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin, @Param('id') id: string): Promise<void> {
    return this.actions.run(req, res, userPath(id), async () => {
      const user = await this.users.update(id, { disabled: false }, admin.audit);
      return { flash: { kind: 'success', key: 'admin.flash.user_enabled', params: { name: user.username } } };
    }, admin);
  }

  @Post(':id/attributes')
  attributes(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin, @Param('id') id: string): Promise<void> {
    return this.actions.run(req, res, userPath(id), async (form) => {
      const user = await this.users.update(id, { attributes: attributesInput(form) }, admin.audit);
      return { flash: { kind: 'success', key: 'admin.flash.attributes_saved', params: { name: user.username } } };
    }, admin);
  }

  @Post(':id/password')
  password(@Req() req: HttpRequest, @Res() res: HttpReply, @CurrentAdmin() admin: ConsoleAdmin, @Param('id') id: string): Promise<void> {
    return this.actions.run(req, res, userPath(id), async (form) => {
      confirmed(form);
      const password = typeof form.password === 'string' ? form.password : '';
      const user = await this.users.update(id, { password }, admin.audit);
      return { flash: { kind: 'success', key: 'admin.flash.password_set', params: { name: user.username } } };
    }, admin);
  }
}

function userPath(id: string): string {
  return `/admin/users/${encodeURIComponent(id)}`;
}
