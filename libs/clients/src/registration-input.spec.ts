import { generateKeyPairSync } from 'node:crypto';
import { ValidationError } from '@app/common';
import {
  checkAuthMethod, checkCodeTtl, checkGraceSeconds, checkGrantTypes, checkName, checkOptionalText, checkPublicKey,
  checkRedirectUris, checkScope, checkTokenFormat, checkTtl,
} from './registration-input';

const fails = (fn: () => unknown, field: string, message: string) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe(field);
    expect((err as ValidationError).message).toContain(message);
    return;
  }
  throw new Error('expected a ValidationError');
};

describe('registration input checks', () => {
  it(`${checkRedirectUris.name} de-duplicates and enforces the list bounds`, () => {
    expect(checkRedirectUris(['https://a.example/cb', 'https://a.example/cb'])).toEqual(['https://a.example/cb']);
    fails(() => checkRedirectUris([]), 'redirect_uris', 'non-empty array');
    fails(() => checkRedirectUris('https://a.example/cb'), 'redirect_uris', 'non-empty array');
    fails(() => checkRedirectUris(Array.from({ length: 21 }, (_, i) => `https://a.example/${i}`)), 'redirect_uris', 'at most 20');
    expect(checkRedirectUris([], 'post_logout_redirect_uris', true)).toEqual([]);
  });

  it(`${checkGrantTypes.name} refuses unknown grants and client_credentials for public clients (OAuth 2.1 §4.2)`, () => {
    expect(checkGrantTypes(['authorization_code', 'client_credentials'], 'client_secret_basic')).toEqual(['authorization_code', 'client_credentials']);
    fails(() => checkGrantTypes(['password'], 'client_secret_basic'), 'grant_types', '"password" is not supported');
    fails(() => checkGrantTypes(['client_credentials'], 'none'), 'grant_types', 'needs a confidential client');
    fails(() => checkGrantTypes([], 'none'), 'grant_types', 'non-empty');
  });

  it(`${checkAuthMethod.name} defaults to client_secret_basic`, () => {
    expect(checkAuthMethod(undefined)).toBe('client_secret_basic');
    expect(checkAuthMethod('none')).toBe('none');
    fails(() => checkAuthMethod('private_key_jwt'), 'token_endpoint_auth_method', 'must be one of');
  });

  it(`${checkScope.name} splits on spaces and needs one scope`, () => {
    expect(checkScope('a  b a')).toEqual(['a', 'b']);
    fails(() => checkScope(' '), 'scope', 'at least one');
    fails(() => checkScope(['a']), 'scope', 'space-separated string');
  });

  it(`${checkName.name} and ${checkOptionalText.name} trim and bound text to the column widths`, () => {
    expect(checkName('client_name', '  Acme ')).toBe('Acme');
    fails(() => checkName('client_name', '   '), 'client_name', 'non-empty');
    fails(() => checkName('client_name', null), 'client_name', 'non-empty');
    fails(() => checkName('client_name', 'x'.repeat(129)), 'client_name', 'at most 128');
    expect(checkOptionalText('description', '  ', 10)).toBeNull();
    expect(checkOptionalText('description', null, 10)).toBeNull();
    fails(() => checkOptionalText('description', 'x'.repeat(11), 10), 'description', 'at most 10');
    fails(() => checkOptionalText('description', 5, 10), 'description', 'must be a string');
  });

  it(`${checkTtl.name} allows -1 only where "never" is allowed; ${checkCodeTtl.name} caps codes at 600 s (#20)`, () => {
    expect(checkTtl('access_token_ttl', -1, true)).toBe(-1);
    expect(checkTtl('access_token_ttl', null, true)).toBeNull();
    fails(() => checkTtl('access_token_ttl', 0, true), 'access_token_ttl', 'between 1');
    fails(() => checkTtl('access_token_ttl', 1.5, true), 'access_token_ttl', 'whole number');
    expect(checkCodeTtl(600)).toBe(600);
    fails(() => checkCodeTtl(601), 'code_ttl', 'between 1 and 600');
    fails(() => checkCodeTtl(-1), 'code_ttl', 'between 1 and 600');
  });

  it(`${checkGraceSeconds.name} and ${checkTokenFormat.name} default and bound their values`, () => {
    expect(checkGraceSeconds(undefined)).toBe(0);
    expect(checkGraceSeconds(600)).toBe(600);
    fails(() => checkGraceSeconds(86_401), 'refresh_grace_seconds', '0-86400');
    fails(() => checkGraceSeconds('10'), 'refresh_grace_seconds', '0-86400');
    expect(checkTokenFormat(null)).toBe('opaque');
    expect(checkTokenFormat('jwt')).toBe('jwt');
    fails(() => checkTokenFormat('paseto'), 'token_format', 'must be one of');
  });

  it(`${checkPublicKey.name} accepts RSA public keys only`, () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const pkcs1 = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(checkPublicKey(rsa)).toBe(rsa);
    expect(checkPublicKey(pkcs1)).toBe(pkcs1);
    expect(checkPublicKey('')).toBeNull();
    fails(() => checkPublicKey(ec), 'sop_public_key', 'not a valid RSA public key');
    fails(() => checkPublicKey('-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----'), 'sop_public_key', 'not a valid RSA public key');
    fails(() => checkPublicKey('ssh-rsa AAAA'), 'sop_public_key', 'PEM');
  });
});
