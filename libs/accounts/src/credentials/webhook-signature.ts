import { createHmac } from 'node:crypto';

/**
 * PRODUCT.md "Delegated login", verify mode: `X-Gatehouse-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256(secret, "<t>.<raw body>")>` (the shape Stripe uses: the timestamp is signed with
 * the body, so the platform can refuse replays older than a few minutes).
 */
export const SIGNATURE_HEADER = 'X-Gatehouse-Signature';

export function signWebhook(secret: string, rawBody: string, nowMs = Date.now()): string {
  const t = Math.floor(nowMs / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${rawBody}`, 'utf8').digest('hex');
  return `t=${t},v1=${v1}`;
}
