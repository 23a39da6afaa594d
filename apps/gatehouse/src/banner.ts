import { AppConfig, redactPassword } from '@app/common';

export interface BannerFacts {
  /** Where the server really listens (the bound port, not the configured one when that was 0). */
  listening: string;
  workers: number;
  /** Colour for a terminal. */
  color: boolean;
}

/**
 * The few lines `npm start` prints once the server listens: where it is, which database, where a
 * developer starts (the API docs) and how an operator gets in. Passwords in DATABASE_URL are
 * masked.
 */
export function startupBanner(config: AppConfig, facts: BannerFacts): string {
  const bold = (s: string) => (facts.color ? `\u001b[1m${s}\u001b[22m` : s);
  const dim = (s: string) => (facts.color ? `\u001b[2m${s}\u001b[22m` : s);
  const url = config.server.issuer;
  const operator = config.admin.username
    ? `operator "${config.admin.username}" (ADMIN_USERNAME) signs in at ${url}/admin`
    : `sign in at ${url}/admin; add an operator with: npm run cli -- admin:create --username admin --password '…'`;
  return [
    `${bold(`Gatehouse is listening on ${facts.listening}`)} ${dim(`(issuer ${url}${facts.workers > 1 ? `, ${facts.workers} workers` : ''})`)}`,
    `  database:      ${redactPassword(config.database.url)}`,
    `  API docs:      ${url}/docs ${dim(`(OpenAPI document: ${url}/docs-json)`)}`,
    `  metadata:      ${url}/.well-known/oauth-authorization-server`,
    `  admin console: ${operator}`,
    '',
  ].join('\n');
}
