import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@app/accounts';
import { AuthorizationModule } from '@app/authorization';
import { ClientsModule } from '@app/clients';
import { KeyEntity } from '@app/persistence';
import { ResourceModule } from '@app/resource';
import { TokensModule } from '@app/tokens';
import { AuthserverRegistrationController } from './authserver/authserver-registration.controller';
import { AuthserverController } from './authserver/authserver.controller';
import { ListenerController } from './listener/listener.controller';
import { LiuyuanController } from './liuyuan/liuyuan.controller';
import { MallResourceController } from './mall/mall-resource.controller';
import { MallController } from './mall/mall.controller';
import { SopAuthorizeController } from './sop/sop-authorize.controller';
import { SopGatewayController } from './sop/sop-gateway.controller';
import { SopGateway } from './sop/sop-gateway.service';
import { SopPlatformKey } from './sop/sop-platform-key.service';

/**
 * The five seed dialects (PRODUCT.md "Seed dialects"): thin controllers and mappers over the
 * core services. They change names and shapes only; every security rule is the core's.
 */
@Module({
  imports: [TypeOrmModule.forFeature([KeyEntity]), AccountsModule, ClientsModule, AuthorizationModule, TokensModule, ResourceModule],
  controllers: [
    ListenerController,
    LiuyuanController,
    MallController,
    MallResourceController,
    SopAuthorizeController,
    SopGatewayController,
    AuthserverRegistrationController,
    AuthserverController,
  ],
  providers: [SopPlatformKey, SopGateway],
  exports: [SopPlatformKey],
})
export class DialectsModule {}
