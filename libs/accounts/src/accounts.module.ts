import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { KeyEntity, SessionEntity, SubjectOverrideEntity, UserEntity } from '@app/persistence';
import { AccountEvents } from './account-events';
import { AdminBootstrap } from './admin-bootstrap';
import { PairwiseSubject } from './pairwise-subject';
import { PasswordHasher } from './passwords/password-hasher';
import { SessionStore } from './session-store';
import { SubjectOverrides } from './subject-overrides';
import { UserImport } from './user-import';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, KeyEntity, SessionEntity, SubjectOverrideEntity])],
  providers: [PasswordHasher, UsersService, AccountEvents, AdminBootstrap, PairwiseSubject, SessionStore, SubjectOverrides, UserImport],
  exports: [UsersService, AccountEvents, PairwiseSubject, SessionStore, SubjectOverrides, UserImport],
})
export class AccountsModule {}
