import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserEntity } from '@app/persistence';
import { AccountEvents } from './account-events';
import { AdminBootstrap } from './admin-bootstrap';
import { PasswordHasher } from './password-hasher';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity])],
  providers: [PasswordHasher, UsersService, AccountEvents, AdminBootstrap],
  exports: [UsersService, AccountEvents],
})
export class AccountsModule {}
