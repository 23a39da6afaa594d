import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ValidationError } from '@app/common';
import { ImportedPassword, ImportedUser, importedPasswordColumns, ImportOutcome, PasswordSchemes, UserImport, UserImportResult } from '@app/accounts';
import { ImportHandler, LineContext } from '../import-handler';

/**
 * `{"type":"user","user_id","username","password_hash","password_scheme","password_salt",
 * "display_name","attributes","disabled"}`: the hash is recognised (or its named scheme checked)
 * now, so a hash that could never verify is a line error on `password_hash`, not a user who cannot
 * sign in. Without a hash the user signs in only through delegated login.
 */
@Injectable()
export class UserLineHandler implements ImportHandler<ImportedUser> {
  readonly type = 'user';
  readonly counter = 'users' as const;
  readonly fields = ['user_id', 'username', 'password_hash', 'password_scheme', 'password_salt', 'display_name', 'attributes', 'disabled'];

  constructor(private readonly users: UserImport) {}

  check(line: Record<string, unknown>): ImportedUser {
    let password: ImportedPassword | null = null;
    if (line.password_hash !== undefined && line.password_hash !== null) {
      const verdict = PasswordSchemes.validate({ hash: line.password_hash, scheme: line.password_scheme, salt: line.password_salt });
      if (!verdict.ok) throw new ValidationError(verdict.field, verdict.message);
      password = importedPasswordColumns(line.password_hash as string, verdict) as ImportedPassword;
    } else if ((line.password_scheme ?? null) !== null || (line.password_salt ?? null) !== null) {
      throw new ValidationError('password_hash', 'is required when password_scheme or password_salt is given');
    }
    return this.users.check(line, password);
  }

  beginRun(m: EntityManager): Promise<void> {
    return this.users.beginRun(m);
  }

  endRun(m: EntityManager): Promise<void> {
    return this.users.endRun(m);
  }

  async apply(user: ImportedUser, ctx: LineContext): Promise<ImportOutcome> {
    return this.settle(user, await this.users.apply(user, ctx.m), ctx);
  }

  batchKeys(user: ImportedUser): string[] {
    return [`id:${user.id}`, `name:${user.username.toLowerCase()}`];
  }

  async writeBatch(users: ImportedUser[], ctx: LineContext): Promise<ImportOutcome[]> {
    const results = await this.users.applyMany(users, ctx.m);
    return users.map((user, i) => this.settle(user, results[i], ctx));
  }

  private settle(user: ImportedUser, { outcome, credentialsChanged }: UserImportResult, ctx: LineContext): ImportOutcome {
    if (credentialsChanged) ctx.afterCommit(() => this.users.endSessions(user.id));
    if (ctx.run.dryRun && outcome === 'created') ctx.run.createdUsers.add(user.id);
    return outcome;
  }
}
