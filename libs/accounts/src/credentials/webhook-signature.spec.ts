import { createHmac } from 'node:crypto';
import { signWebhook } from './webhook-signature';

describe(signWebhook.name, () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>', () => {
    const body = '{"username":"carol","password":"p"}';
    const header = signWebhook('secret-123', body, 1_764_979_200_999);
    const expected = createHmac('sha256', 'secret-123').update(`1764979200.${body}`).digest('hex');
    expect(header).toBe(`t=1764979200,v1=${expected}`);
  });

  it('changes with the body and with the secret', () => {
    const now = 1_764_979_200_000;
    expect(signWebhook('s', '{"a":1}', now)).not.toBe(signWebhook('s', '{"a":2}', now));
    expect(signWebhook('s', '{"a":1}', now)).not.toBe(signWebhook('t', '{"a":1}', now));
  });
});
