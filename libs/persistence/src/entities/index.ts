import { AccessTokenEntity } from './access-token.entity';
import { AuditEventEntity } from './audit-event.entity';
import { AuthorizationCodeEntity } from './authorization-code.entity';
import { ChangeEventEntity } from './change-event.entity';
import { ClientStatusChangeEntity } from './client-status-change.entity';
import { ClientEntity } from './client.entity';
import { ConsentEntity } from './consent.entity';
import { InteractionEntity } from './interaction.entity';
import { KeyEntity } from './key.entity';
import { LoginRequestEntity } from './login-request.entity';
import { RateLimitEntity } from './rate-limit.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { ScopeEntity } from './scope.entity';
import { SessionEntity } from './session.entity';
import { UserEntity } from './user.entity';
import { UserCredentialEntity } from './user-credential.entity';
import { ImportedTokenEntity } from './imported-token.entity';
import { MigrationLockEntity } from './migration-lock.entity';
import { SubjectOverrideEntity } from './subject-override.entity';

export * from './access-token.entity';
export * from './audit-event.entity';
export * from './authorization-code.entity';
export * from './change-event.entity';
export * from './client-status-change.entity';
export * from './client.entity';
export * from './consent.entity';
export * from './interaction.entity';
export * from './key.entity';
export * from './login-request.entity';
export * from './rate-limit.entity';
export * from './refresh-token.entity';
export * from './scope.entity';
export * from './session.entity';
export * from './user.entity';
export * from './user-credential.entity';
export * from './imported-token.entity';
export * from './migration-lock.entity';
export * from './subject-override.entity';

export const ENTITIES = [
  UserEntity, ClientEntity, ClientStatusChangeEntity, ScopeEntity, AuthorizationCodeEntity,
  AccessTokenEntity, RefreshTokenEntity, ConsentEntity, SessionEntity, InteractionEntity,
  AuditEventEntity, KeyEntity, RateLimitEntity, LoginRequestEntity, ChangeEventEntity, UserCredentialEntity,
  SubjectOverrideEntity, ImportedTokenEntity, MigrationLockEntity,
];
