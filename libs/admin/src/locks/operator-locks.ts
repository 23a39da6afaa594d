import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { NotFoundError } from '@app/common';
import { ActiveLock, AuditContext, AuditLog, Locks } from '@app/persistence';

/** A lock in force, as the admin API and the console show it. */
export class LockView {
  @ApiProperty({ example: 'bG9naW46YWNjb3VudC1sb2NrOmFkbWlu', description: 'Names the lock in DELETE /api/admin/locks/{id}' })
  id: string;

  @ApiProperty({
    example: 'login:account',
    description: 'What is locked: login:account (the account, for browsers and addresses it does not trust), login:address, '
      + 'login:device (one browser\'s device cookie), login:account-address (an address the account trusts), '
      + 'client-auth:client-address (a channel from one address), client-auth:address',
  })
  kind: string;

  @ApiProperty({ example: 'admin', description: 'Whom: an account, an address, account/device, account/address or client_id/address' })
  subject: string;

  @ApiProperty({ example: '2026-01-01T12:15:00.000Z', description: 'When the lock ends by itself' })
  locked_until: string;
}

function view(lock: ActiveLock): LockView {
  return { id: lock.id, kind: lock.kind, subject: lock.subject, locked_until: lock.lockedUntil.toISOString() };
}

/**
 * Operators see the throttling locks in force (login and client authentication, issue 14) and
 * clear one: the lock ends and its failure counter starts again from zero. Each clearing is audited.
 */
@Injectable()
export class OperatorLocks {
  constructor(private readonly locks: Locks, private readonly audit: AuditLog) {}

  async list(): Promise<LockView[]> {
    return (await this.locks.list()).map(view);
  }

  async clear(id: string, ctx: AuditContext): Promise<LockView> {
    const lock = await this.locks.clear(id);
    if (!lock) throw new NotFoundError('No lock in force has this id (it may have ended already)');
    await this.audit.record(ctx, {
      action: 'lock.cleared', targetType: 'lock', targetId: lock.subject.slice(0, 64),
      details: { kind: lock.kind, subject: lock.subject, locked_until: lock.lockedUntil.toISOString() },
    });
    return view(lock);
  }
}
