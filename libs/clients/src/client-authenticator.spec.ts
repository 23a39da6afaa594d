import { InvalidClientError, InvalidRequestError } from '@app/common';
import { extractCredentials } from './client-authenticator';

const basic = (raw: string) => `Basic ${Buffer.from(raw).toString('base64')}`;

describe(extractCredentials.name, () => {
  it('reads client_secret_basic with form-urlencoded id and secret (RFC 6749 §2.3.1)', () => {
    expect(extractCredentials({ authorization: basic('my%3Aid:s%2Bc+r%25t'), body: {} }))
      .toEqual({ clientId: 'my:id', secret: 's+c r%t', method: 'client_secret_basic' });
  });

  it('accepts raw (not url-encoded) Basic credentials as seed 001 clients send them', () => {
    expect(extractCredentials({ authorization: basic('app:secret%zz'), body: {} }))
      .toEqual({ clientId: 'app', secret: 'secret%zz', method: 'client_secret_basic' });
  });

  it('reads client_secret_post and none', () => {
    expect(extractCredentials({ body: { client_id: 'a', client_secret: 's' } })).toEqual({ clientId: 'a', secret: 's', method: 'client_secret_post' });
    expect(extractCredentials({ body: { client_id: 'a' } })).toEqual({ clientId: 'a', method: 'none' });
  });

  it('refuses two methods at once (RFC 6749 §2.3) as invalid_client, with a description that says so', () => {
    expect(() => extractCredentials({ authorization: basic('a:s'), body: { client_secret: 's' } })).toThrow(InvalidClientError);
    expect(() => extractCredentials({ authorization: basic('a:s'), body: { client_id: 'a', client_secret: 's' } })).toThrow(/use one client authentication method/);
  });

  it('refuses mismatched ids, malformed or foreign schemes, and no credentials', () => {
    expect(() => extractCredentials({ authorization: basic('a:s'), body: { client_id: 'b' } })).toThrow(InvalidRequestError);
    expect(() => extractCredentials({ authorization: basic('no-colon'), body: {} })).toThrow(InvalidClientError);
    expect(() => extractCredentials({ authorization: 'Digest x', body: { client_id: 'a' } })).toThrow(InvalidClientError);
    expect(() => extractCredentials({ body: {} })).toThrow(InvalidClientError);
  });
});
