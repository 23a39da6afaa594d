/**
 * Authentication context classes (OIDC Core §2 `acr`), derived from the methods of a login in this
 * one place: `mfa` when it used a second factor (RFC 8176 `mfa`), else `pwd`. A client that asks
 * for `acr_values=mfa` must still check the ID Token's `acr`: a request can be edited in the URL.
 */
export const ACR_VALUES = ['pwd', 'mfa'] as const;
export type Acr = (typeof ACR_VALUES)[number];

/**
 * `hwk` without `pwd` is a passwordless passkey sign-in, which Gatehouse accepts only with user
 * verification (the authenticator's PIN or biometrics, a flag inside the signed data): the key on
 * the device and what unlocks it are two factors — a multi-factor cryptographic authenticator in
 * NIST SP 800-63B terms — so it counts as `mfa` too. (`acr` `pwd` means "one factor".)
 */
export function acrFor(amr: readonly string[]): Acr {
  if (amr.includes('mfa')) return 'mfa';
  if (amr.includes('pwd')) return amr.includes('otp') || amr.includes('hwk') ? 'mfa' : 'pwd';
  return amr.includes('hwk') ? 'mfa' : 'pwd';
}

/** Whether a login with `amr` satisfies an acr_values request (space-separated, any one of them). */
export function satisfiesAcrValues(amr: readonly string[], acrValues: string | undefined): boolean {
  if (!acrValues) return true;
  const wanted = acrValues.split(' ').filter(Boolean);
  if (!wanted.includes('mfa')) return true;
  return acrFor(amr) === 'mfa' || wanted.includes('pwd');
}
