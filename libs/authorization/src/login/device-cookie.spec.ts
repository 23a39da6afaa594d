import type { AppConfig, HttpReply, HttpRequest } from '@app/common';
import { DEVICE_COOKIE_PREFIX, DeviceCookies } from './device-cookie';

const config = (trustDays = 30, secret = 'a-session-secret-of-enough-length-0123456789') =>
  ({ session: { secret }, server: { issuer: 'https://id.example.com' }, throttle: { loginTrustDays: trustDays } }) as unknown as AppConfig;

/** What DeviceCookies.issue set: name, value and options. */
function issued(devices: DeviceCookies, account: string): { name: string; value: string; options: Record<string, unknown> } {
  let cookie: { name: string; value: string; options: Record<string, unknown> } | undefined;
  const res = { setCookie: (name: string, value: string, options: Record<string, unknown>) => { cookie = { name, value, options }; } } as unknown as HttpReply;
  devices.issue(res, account);
  if (!cookie) throw new Error('no cookie issued');
  return cookie;
}

const request = (cookies: Record<string, string>) => ({ cookies }) as unknown as HttpRequest;

describe(DeviceCookies.name, () => {
  const devices = new DeviceCookies(config());

  it('issues an HttpOnly, SameSite=Lax, Secure cookie for the account that reads back as its device id', () => {
    const c = issued(devices, 'admin');
    expect(c.name).toMatch(new RegExp(`^${DEVICE_COOKIE_PREFIX}[0-9a-f]{16}$`));
    expect(c.name).not.toContain('admin');
    expect(c.options).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: true, path: '/', maxAge: 30 * 86_400 });
    const id = devices.read(request({ [c.name]: c.value }), 'admin');
    expect(id).toBe(c.value.split('.')[0]);
    expect(issued(devices, 'admin').value.split('.')[0]).not.toBe(id); // a new device id at every login
  });

  it('does not vouch for another account, another server secret, or an altered id, expiry or signature', () => {
    const c = issued(devices, 'admin');
    const [id, exp, mac] = c.value.split('.');
    const other = (ch: string) => (ch === 'x' ? 'y' : 'x');
    expect(devices.read(request({ [c.name]: c.value }), 'alice')).toBeNull();
    expect(new DeviceCookies(config(30, 'another-secret-of-enough-length-0123456789')).read(request({ [c.name]: c.value }), 'admin')).toBeNull();
    for (const forged of [`${other(id[0])}${id.slice(1)}.${exp}.${mac}`, `${id}.${Number(exp) + 1}.${mac}`, `${id}.${exp}.${other(mac[0])}${mac.slice(1)}`, `${id}.${exp}`, `${c.value}.x`, '']) {
      expect(devices.read(request({ [c.name]: forged }), 'admin')).toBeNull();
    }
  });

  it('an expired cookie vouches for nothing', () => {
    const c = issued(devices, 'admin');
    const later = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 31 * 86_400_000);
    try {
      expect(devices.read(request({ [c.name]: c.value }), 'admin')).toBeNull();
    } finally {
      later.mockRestore();
    }
  });

  it('THROTTLE_LOGIN_TRUST_DAYS=0: no cookie issued, none honoured', () => {
    const c = issued(devices, 'admin');
    const off = new DeviceCookies(config(0));
    expect(off.read(request({ [c.name]: c.value }), 'admin')).toBeNull();
    const res = { setCookie: jest.fn() } as unknown as HttpReply;
    off.issue(res, 'admin');
    expect(res.setCookie).not.toHaveBeenCalled();
  });
});
