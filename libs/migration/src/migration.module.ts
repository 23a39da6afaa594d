import { Module } from '@nestjs/common';
import { AccountsModule } from '@app/accounts';
import { ConsentImport } from '@app/authorization';
import { ClientsModule } from '@app/clients';
import { TokenImport } from '@app/tokens';
import { HandlerRegistry } from './handler-registry';
import { IMPORT_HANDLERS } from './import-handler';
import { ImportLock } from './import-lock';
import { ImportRunner } from './import-runner';
import { ChannelLineHandler } from './handlers/channel.handler';
import { GrantLineHandler } from './handlers/grant.handler';
import { OpenidLineHandler } from './handlers/openid.handler';
import { UserLineHandler } from './handlers/user.handler';

/** The line types, in the order a file is best written: users and channels before what refers to them. */
const HANDLERS = [UserLineHandler, ChannelLineHandler, OpenidLineHandler, GrantLineHandler];

/**
 * The importer (PRODUCT.md "Import"), shared by `POST /api/admin/import` and the command line.
 * The consent and token import services are stateless writers given the line's transaction,
 * so they are provided here without the authorization and token modules' HTTP front.
 */
@Module({
  imports: [AccountsModule, ClientsModule],
  providers: [
    ...HANDLERS,
    { provide: IMPORT_HANDLERS, useFactory: (...handlers: unknown[]) => handlers, inject: HANDLERS },
    HandlerRegistry, ImportLock, ImportRunner, ConsentImport, TokenImport,
  ],
  exports: [ImportRunner],
})
export class MigrationModule {}
