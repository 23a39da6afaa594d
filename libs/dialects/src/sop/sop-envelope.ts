import { signRsa2 } from './sop-signature';

/**
 * Seed 003 responses: `{"<method with dots as underscores>_response": {...}, "sign": "…"}` where
 * `sign` is the platform's RSA2 signature over the exact JSON text of the response object, so
 * the body is assembled from that same text.
 */
export const SOP_SUCCESS = { code: '10000', msg: 'Success' } as const;

export function responseKey(method: string): string {
  return `${method.replace(/\./g, '_')}_response`;
}

export function signedEnvelope(method: string, payload: Record<string, unknown>, platformPrivateKey: string): string {
  const json = JSON.stringify(payload);
  const sign = signRsa2(json, platformPrivateKey);
  return `{"${responseKey(method)}":${json},"sign":${JSON.stringify(sign)}}`;
}

export interface SopErrorBody {
  code: string;
  msg: string;
  sub_code: string;
  sub_msg: string;
}

/** Client-caused errors use code 40002 (invalid parameters) with a specific sub_code. */
export function sopError(subCode: string, subMsg: string, code = '40002', msg = 'Invalid Arguments'): SopErrorBody {
  return { code, msg, sub_code: subCode, sub_msg: subMsg };
}
