import { InvalidRequestError, UnauthorizedClientError, UnsupportedResponseTypeError } from '@app/common';
import { checkResponseType } from './response-type.check';
import { fakeClient, fakeContext } from './test-context';

describe(checkResponseType.name, () => {
  it('accepts code', () => {
    expect(() => checkResponseType(fakeContext({ responseType: 'code' }))).not.toThrow();
  });

  it('requires response_type', () => {
    expect(() => checkResponseType(fakeContext({}))).toThrow(InvalidRequestError);
  });

  it.each(['token', 'id_token token', 'code token', 'code id_token', 'CODE', 'foo'])('#7 refuses %p with unsupported_response_type', (rt) => {
    expect(() => checkResponseType(fakeContext({ responseType: rt }))).toThrow(UnsupportedResponseTypeError);
  });

  it('refuses a channel not registered for authorization_code with unauthorized_client', () => {
    const ctx = fakeContext({ responseType: 'code' }, { client: fakeClient({ grantTypes: ['client_credentials'] }) });
    expect(() => checkResponseType(ctx)).toThrow(UnauthorizedClientError);
  });
});
