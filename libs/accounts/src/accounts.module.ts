import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { KeyEntity, SessionEntity, SubjectOverrideEntity, UserCredentialEntity, UserEntity } from '@app/persistence';
import { AccountEvents } from './account-events';
import { AdminBootstrap } from './admin-bootstrap';
import { LocalPasswordVerifier } from './credentials/local-password.verifier';
import { PASSWORD_VERIFIER } from './credentials/password-verifier';
import { PASSWORD_VERIFIER_PROVIDER } from './credentials/password-verifier.provider';
import { ExternalUsers } from './external-users';
import { PairwiseSubject } from './pairwise-subject';
import { PasswordHasher } from './passwords/password-hasher';
import { SessionStore } from './session-store';
import { SubjectOverrides } from './subject-overrides';
import { UserImport } from './user-import';
import { UsersService } from './users.service';
import { SecondFactors } from './second-factors/second-factors.service';
import { Passkeys } from './second-factors/passkeys.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, KeyEntity, SessionEntity, UserCredentialEntity, SubjectOverrideEntity])],
  providers: [
    PasswordHasher, UsersService, AccountEvents, AdminBootstrap, PairwiseSubject, SessionStore,
    ExternalUsers, LocalPasswordVerifier, PASSWORD_VERIFIER_PROVIDER, SecondFactors, Passkeys, SubjectOverrides, UserImport,
  ],
  exports: [UsersService, AccountEvents, PairwiseSubject, SessionStore, ExternalUsers, PASSWORD_VERIFIER, SecondFactors, Passkeys, SubjectOverrides, UserImport],
})
export class AccountsModule {}
