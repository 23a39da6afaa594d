/**
 * What a seed dialect may vary at the authorization endpoint; every security rule stays the
 * same. Plain data, so that a pending request (interaction) can carry it to the consent step.
 */
export interface DialectProfile {
  /**
   * "standard", "seed-002" …: for logs and the audit trail, and stored with every code this
   * route issues: only a token route that names this dialect redeems it (issue 14 #5). At most 16 characters.
   */
  name: string;
  /** Code lifetime in seconds (seed 002: 30, seed 003: 86400); unset: the channel's code_ttl, else CODE_TTL. */
  codeTtlSeconds?: number;
  /** Seed 001: a request without `state` is invalid_request. */
  requireState: boolean;
  /** Added to every success and error redirect (seed 003: `app_id`). */
  extraRedirectParams: Record<string, string>;
  /** Whether the denial redirect carries `error=access_denied` and `iss` (seed 000's clients ignore both). */
  denial: { error: boolean; iss: boolean };
  /**
   * Seed 003: only channels with a registered RSA public key (`sop_public_key`) may use the route;
   * its codes are redeemed only at the signed gateway, where nothing else could redeem them.
   */
  requireSignatureKey?: boolean;
  /** Where the browser returns after login (the dialect's own authorize path); unset: the request's path. */
  returnPath?: string;
}

export const STANDARD_PROFILE: Readonly<DialectProfile> = Object.freeze({
  name: 'standard',
  requireState: false,
  extraRedirectParams: {},
  denial: { error: true, iss: true },
});
