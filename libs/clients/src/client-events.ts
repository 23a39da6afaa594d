import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type ClientListener = (clientId: string, manager: EntityManager) => Promise<void>;

/**
 * Lets the token lib revoke a channel's tokens inside the same transaction that suspends it
 * (or rotates its secret), without clients depending on tokens.
 */
@Injectable()
export class ClientEvents {
  private readonly suspended: ClientListener[] = [];

  onSuspended(listener: ClientListener): void {
    this.suspended.push(listener);
  }

  async emitSuspended(clientId: string, manager: EntityManager): Promise<void> {
    for (const listener of this.suspended) await listener(clientId, manager);
  }
}
