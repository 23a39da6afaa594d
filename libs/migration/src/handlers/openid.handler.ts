import { Injectable } from '@nestjs/common';
import { ImportOutcome, SubjectOverrides, UserImport, validateOpenid } from '@app/accounts';
import { ClientImport } from '@app/clients';
import { ImportHandler, LineContext } from '../import-handler';
import { References } from './references';

interface OpenidLine {
  userId: string;
  clientId: string;
  openid: string;
}

/** `{"type":"openid","user_id","client_id","openid"}`: what that channel sees for that user from now on. */
@Injectable()
export class OpenidLineHandler implements ImportHandler<OpenidLine> {
  readonly type = 'openid';
  readonly counter = 'openids' as const;
  readonly fields = ['user_id', 'client_id', 'openid'];
  private readonly refs: References;

  constructor(private readonly overrides: SubjectOverrides, users: UserImport, clients: ClientImport) {
    this.refs = new References(users, clients);
  }

  check(line: Record<string, unknown>): OpenidLine {
    const ids = References.checkIds(line);
    validateOpenid(line.openid);
    return { ...ids, openid: line.openid };
  }

  async apply(o: OpenidLine, ctx: LineContext): Promise<ImportOutcome> {
    await this.refs.user(o.userId, ctx);
    await this.refs.channel(o.clientId, ctx);
    // Publishes a change event in the line's transaction: every instance's subject cache follows.
    return this.overrides.importOpenid(o.userId, o.clientId, o.openid, ctx.m);
  }

  batchKeys(o: OpenidLine): string[] {
    return [`pair:${o.userId}\u0000${o.clientId}`, `openid:${o.clientId}\u0000${o.openid}`];
  }

  async writeBatch(lines: OpenidLine[], ctx: LineContext): Promise<ImportOutcome[]> {
    await this.refs.everyUser(lines.map((o) => o.userId), ctx);
    for (const o of lines) await this.refs.channel(o.clientId, ctx);
    return this.overrides.importOpenids(lines, ctx.m);
  }
}
