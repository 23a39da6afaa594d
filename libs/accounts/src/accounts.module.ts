import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { KeyEntity, SessionEntity, UserEntity } from '@app/persistence';
import { AccountEvents } from './account-events';
import { AdminBootstrap } from './admin-bootstrap';
import { PairwiseSubject } from './pairwise-subject';
import { PasswordHasher } from './passwords/password-hasher';
import { SessionStore } from './session-store';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, KeyEntity, SessionEntity])],
  providers: [PasswordHasher, UsersService, AccountEvents, AdminBootstrap, PairwiseSubject, SessionStore],
  exports: [UsersService, AccountEvents, PairwiseSubject, SessionStore],
})
export class AccountsModule {}
