import { Injectable } from '@nestjs/common';
import { ImportOutcome, PairwiseSubject, SubjectOverrides, UserImport, validateOpenid } from '@app/accounts';
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

  constructor(private readonly overrides: SubjectOverrides, private readonly pairwise: PairwiseSubject, users: UserImport, clients: ClientImport) {
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
    const outcome = await this.overrides.importOpenid(o.userId, o.clientId, o.openid, ctx.m);
    if (outcome !== 'unchanged') ctx.afterCommit(async () => this.pairwise.forget(o.userId, o.clientId));
    return outcome;
  }
}
