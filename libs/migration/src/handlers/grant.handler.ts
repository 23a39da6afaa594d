import { Injectable } from '@nestjs/common';
import { ValidationError } from '@app/common';
import { ImportOutcome, UserImport } from '@app/accounts';
import { ClientImport } from '@app/clients';
import { ConsentImport } from '@app/authorization';
import { IMPORTED_TOKEN_MAX, TokenImport } from '@app/tokens';
import { ImportHandler, LineContext } from '../import-handler';
import { References } from './references';

interface GrantLine {
  userId: string;
  clientId: string;
  scopes: string[];
  refreshToken?: { value: string; expiresAt: Date | null };
  accessToken?: { value: string; expiresAt: Date | null };
}

/** ISO 8601 with a date and a time (and a zone, or UTC is meant). */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * `{"type":"grant","user_id","client_id","scope","refresh_token","refresh_token_expires_at",
 * "access_token","access_token_expires_at"}`: a remembered consent and, optionally, the tokens the
 * app holds today (null expiry: never expires).
 */
@Injectable()
export class GrantLineHandler implements ImportHandler<GrantLine> {
  readonly type = 'grant';
  readonly counter = 'grants' as const;
  readonly fields = ['user_id', 'client_id', 'scope', 'refresh_token', 'refresh_token_expires_at', 'access_token', 'access_token_expires_at'];
  private readonly refs: References;

  constructor(private readonly consents: ConsentImport, private readonly tokens: TokenImport, users: UserImport, clients: ClientImport) {
    this.refs = new References(users, clients);
  }

  check(line: Record<string, unknown>): GrantLine {
    const ids = References.checkIds(line);
    if (typeof line.scope !== 'string') throw new ValidationError('scope', 'must be a space-separated string');
    const scopes = [...new Set(line.scope.split(' ').filter(Boolean))];
    if (scopes.length === 0) throw new ValidationError('scope', 'must name at least one scope');
    return {
      ...ids,
      scopes,
      refreshToken: token(line, 'refresh_token'),
      accessToken: token(line, 'access_token'),
    };
  }

  async apply(g: GrantLine, ctx: LineContext): Promise<ImportOutcome> {
    await this.refs.user(g.userId, ctx);
    await this.checkScopes(g, ctx);
    return outcome(await this.consents.apply(g.userId, g.clientId, g.scopes, ctx.m), await this.tokens.apply(g, ctx.m));
  }

  batchKeys(g: GrantLine): string[] {
    const keys = [`consent:${g.userId}\u0000${g.clientId}`];
    if (g.refreshToken) keys.push(`token:${g.refreshToken.value}`);
    if (g.accessToken) keys.push(`token:${g.accessToken.value}`);
    return keys;
  }

  async writeBatch(lines: GrantLine[], ctx: LineContext): Promise<ImportOutcome[]> {
    await this.refs.everyUser(lines.map((g) => g.userId), ctx);
    for (const g of lines) await this.checkScopes(g, ctx);
    const consents = await this.consents.applyMany(lines, ctx.m);
    const stored = await this.tokens.applyMany(lines, ctx.m);
    return lines.map((_, i) => outcome(consents[i], stored[i]));
  }

  private async checkScopes(g: GrantLine, ctx: LineContext): Promise<void> {
    const allowed = await this.refs.channel(g.clientId, ctx);
    const extra = g.scopes.filter((s) => !allowed.includes(s));
    if (extra.length) throw new ValidationError('scope', `the channel is not approved for: ${extra.join(', ')}`);
  }
}

/** A grant line is created with its consent; else updated when its consent or tokens changed. */
function outcome(consent: 'created' | 'updated' | 'unchanged', storedTokens: number): ImportOutcome {
  if (consent === 'created') return 'created';
  return consent === 'updated' || storedTokens > 0 ? 'updated' : 'unchanged';
}

function token(line: Record<string, unknown>, field: 'refresh_token' | 'access_token'): { value: string; expiresAt: Date | null } | undefined {
  const value = line[field];
  const expiresField = `${field}_expires_at`;
  const expires = line[expiresField];
  if (value === undefined || value === null) {
    if (expires !== undefined && expires !== null) throw new ValidationError(expiresField, `is given without ${field}`);
    return undefined;
  }
  if (typeof value !== 'string' || value.length === 0 || value.length > IMPORTED_TOKEN_MAX) {
    throw new ValidationError(field, `must be a string of 1-${IMPORTED_TOKEN_MAX} characters`);
  }
  if (expires === undefined || expires === null) return { value, expiresAt: null };
  const at = typeof expires === 'string' && ISO_8601.test(expires) ? new Date(withZone(expires)) : null;
  if (!at || Number.isNaN(at.getTime())) throw new ValidationError(expiresField, 'must be an ISO 8601 date and time, or null (never expires)');
  return { value, expiresAt: at };
}

/** A time without a zone is UTC (never the importing machine's local time). */
function withZone(iso: string): string {
  const t = iso.replace(' ', 'T');
  return /(Z|[+-]\d{2}:?\d{2})$/.test(t) ? t : `${t}Z`;
}
