import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccountEvents, SessionStore } from '@app/accounts';

/**
 * A password reset or a disabled account ends every session of that user (browser and admin
 * API), so a stolen session does not outlive the credential change (RFC 9700 §4.14.2's spirit
 * for refresh tokens applied to sessions).
 */
@Injectable()
export class EndSessionsOnCredentialChange implements OnModuleInit {
  constructor(private readonly events: AccountEvents, private readonly sessions: SessionStore) {}

  onModuleInit(): void {
    this.events.onCredentialsChanged((userId) => this.sessions.destroyAllForUser(userId));
  }
}
