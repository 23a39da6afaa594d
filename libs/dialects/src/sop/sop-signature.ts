import { createSign, createVerify, KeyObject } from 'node:crypto';

/**
 * Seed 003 open-platform signatures ("RSA2" = SHA256withRSA, base64):
 * the signed content is every request parameter except `sign`, with an empty value skipped,
 * sorted by name and joined as `k1=v1&k2=v2` (the platform SDKs' getSignContent).
 */
export function signContent(params: Record<string, string | undefined>): string {
  return Object.keys(params)
    .filter((key) => key !== 'sign' && params[key] !== undefined && params[key] !== '')
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&');
}

export function verifyRsa2(content: string, signature: string, publicKey: string | KeyObject): boolean {
  if (!signature || signature.length > 2048) return false;
  try {
    return createVerify('RSA-SHA256').update(content, 'utf8').verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

export function signRsa2(content: string, privateKey: string | KeyObject): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKey, 'base64');
}
