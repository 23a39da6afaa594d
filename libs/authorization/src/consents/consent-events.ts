import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type ConsentListener = (userId: string, clientId: string, manager: EntityManager) => Promise<void>;

/**
 * Lets the token lib revoke every token of (user, channel) inside the same transaction that
 * removes a grant (/account/grants, admin "revoke app for user"), without authorization
 * depending on tokens.
 */
@Injectable()
export class ConsentEvents {
  private readonly revoked: ConsentListener[] = [];

  onRevoked(listener: ConsentListener): void {
    this.revoked.push(listener);
  }

  async emitRevoked(userId: string, clientId: string, manager: EntityManager): Promise<void> {
    for (const listener of this.revoked) await listener(userId, clientId, manager);
  }
}
