import { Injectable } from '@nestjs/common';

export type AccountListener = (userId: string) => Promise<void> | void;

/**
 * Lets libs that depend on accounts react to account changes (the token lib revokes a user's
 * tokens when the password changes or the account is disabled) without accounts depending on them.
 */
@Injectable()
export class AccountEvents {
  private readonly credentialsChanged: AccountListener[] = [];

  onCredentialsChanged(listener: AccountListener): void {
    this.credentialsChanged.push(listener);
  }

  async emitCredentialsChanged(userId: string): Promise<void> {
    for (const listener of this.credentialsChanged) await listener(userId);
  }
}
