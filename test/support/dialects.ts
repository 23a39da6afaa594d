import { generateKeyPairSync, createVerify } from 'node:crypto';
import type supertest from 'supertest';
import { formatSopTimestamp, signContent, signRsa2 } from '../../libs/dialects/src';
import type { TestApp } from './app';

/**
 * Helpers for the seed dialect specs (test/e2e/dialect-00x): an app's RSA key pair and signed
 * gateway calls for seed 003, and a reader for its signed response envelope.
 */
export interface RsaPair {
  publicKey: string;
  privateKey: string;
}

export function rsaPair(): RsaPair {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** The common parameters of open.auth.token.app, signed with `privateKey` (what the seed's SDK sends). */
export function sopParams(appId: string, privateKey: string, biz: Record<string, string>, over: Record<string, string> = {}, now = new Date()): Record<string, string> {
  const params: Record<string, string> = {
    app_id: appId,
    method: 'open.auth.token.app',
    format: 'json',
    charset: 'utf-8',
    sign_type: 'RSA2',
    timestamp: formatSopTimestamp(now, 'Asia/Shanghai'),
    version: '1.0',
    biz_content: JSON.stringify(biz),
    ...over,
  };
  return { ...params, sign: signRsa2(signContent(params), privateKey) };
}

export function sopGateway(t: TestApp, params: Record<string, string>): supertest.Test {
  return t.http().post('/sop/gateway').type('form').send(params);
}

export interface SopEnvelope {
  key: string;
  response: Record<string, unknown>;
  sign: string;
  /** True when `sign` verifies over the response's exact JSON text with the platform key. */
  verified: boolean;
}

/** Reads `{"<method>_response": {...}, "sign": "…"}` and checks the platform's signature. */
export function readEnvelope(text: string, platformPublicKey: string): SopEnvelope {
  const parsed = JSON.parse(text) as Record<string, unknown>;
  const key = Object.keys(parsed).find((k) => k.endsWith('_response'));
  if (!key) throw new Error(`no *_response in ${text}`);
  const start = text.indexOf(':') + 1;
  const end = text.lastIndexOf(',"sign":');
  const signedText = text.slice(start, end);
  const sign = parsed.sign as string;
  const verified = createVerify('RSA-SHA256').update(signedText, 'utf8').verify(platformPublicKey, sign, 'base64');
  return { key, response: parsed[key] as Record<string, unknown>, sign, verified };
}

/** Every log line written so far must be free of each secret. */
export function expectNotLogged(t: TestApp, secrets: readonly string[]): void {
  const logs = t.logs();
  for (const secret of secrets) expect(logs).not.toContain(secret);
}
