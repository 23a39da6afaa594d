import { redactUrl } from './redact';

describe(redactUrl.name, () => {
  it('hides secrets carried in query strings', () => {
    const url = '/access_token?channel_id=c1&token=SECRET&code=CODE&grant_type=authorization_code';
    expect(redactUrl(url)).toBe('/access_token?channel_id=c1&token=[REDACTED]&code=[REDACTED]&grant_type=authorization_code');
  });

  it('matches encoded and differently cased names', () => {
    expect(redactUrl('/x?client%5Fsecret=s&Access_Token=t')).toBe('/x?client%5Fsecret=[REDACTED]&Access_Token=[REDACTED]');
  });

  it('leaves URLs without secrets alone', () => {
    expect(redactUrl('/oauth2/authorize?client_id=a&state=b')).toBe('/oauth2/authorize?client_id=a&state=b');
    expect(redactUrl('/healthz')).toBe('/healthz');
  });
});
