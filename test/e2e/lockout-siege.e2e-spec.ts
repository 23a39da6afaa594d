import supertest from 'supertest';
import { UsersService } from '../../libs/accounts/src';
import { startTestApp, TestApp } from '../support/app';
import { hiddenInput } from '../support/browser-flow';
import { basicAuth, createClient, TestClient } from '../support/fixtures';

/**
 * Issue 14, finding 3, measured (the numbers are in docs/SECURITY.md, "Lockouts"): an attacker
 * makes one wrong guess per second for 10 minutes against one operator account (through the
 * admin API) and one channel (at the token endpoint), while the rightful operator signs in from
 * the browser they used before (every 30 s, at the console) and from their usual address (every
 * 30 s, a script on the admin API), and the channel calls the token endpoint with its secret
 * (every 10 s). Two attackers: one address, and a botnet (a new address for every guess).
 * Default throttling settings. The clock is Jest's fake Date, moved one second per guess: the
 * 10 minutes take seconds, and every window and lock of the app runs on that clock.
 */

const SECONDS = 600;

interface Tally { guesses: number; checked: number; refused: number; other: number }
interface Siege { account: Tally; channel: Tally; operatorBrowser: [number, number]; operatorScript: [number, number]; channelCalls: [number, number] }

function setCookies(res: supertest.Response): string[] {
  return ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((line) => line.split(';')[0]);
}

async function consoleLogin(t: TestApp, ip: string, user: { username: string; password: string }, device?: string) {
  const page = await t.http().get('/admin/login').set('X-Forwarded-For', ip).expect(200);
  const res = await t.http().post('/admin/login').type('form').set('X-Forwarded-For', ip)
    .set('Cookie', [...setCookies(page), ...(device ? [device] : [])].join('; '))
    .send({ ...user, _csrf: hiddenInput(page.text, '_csrf'), return_to: '/admin' });
  return { status: res.status, device: setCookies(res).find((c) => c.startsWith('gh_device_')) };
}

function count(tally: Tally, status: number): void {
  tally.guesses += 1;
  if (status === 401) tally.checked += 1;
  else if (status === 429) tally.refused += 1;
  else tally.other += 1;
}

describe('siege: 1 wrong guess per second for 10 minutes against one account and one channel', () => {
  let t: TestApp;
  const results: Record<string, Siege> = {};
  beforeAll(async () => { t = await startTestApp({ env: { TRUST_PROXY: '127.0.0.1' } }); });
  afterAll(async () => {
    jest.useRealTimers();
    await t.close();
    // The figures quoted in docs/SECURITY.md.
    console.log(`lockout siege results\n${JSON.stringify(results, null, 2)}`);
  });

  async function siege(name: string, attacker: (second: number) => string): Promise<Siege> {
    const operator = { username: `operator-${name}`, password: 'the-right-passphrase' };
    await t.app.get(UsersService).create({ ...operator, isAdmin: true }, { actor: 'test' });
    const channel: TestClient = await createClient(t);
    const home = '192.0.2.10';
    const channelHost = '192.0.2.20';
    // Before the attack: the operator signed in once from their browser at home.
    const { device } = await consoleLogin(t, home, operator);
    expect(device).toBeDefined();

    const result: Siege = {
      account: { guesses: 0, checked: 0, refused: 0, other: 0 },
      channel: { guesses: 0, checked: 0, refused: 0, other: 0 },
      operatorBrowser: [0, 0], operatorScript: [0, 0], channelCalls: [0, 0],
    };
    const start = Date.now();
    jest.useFakeTimers({
      now: start,
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
    try {
      for (let s = 0; s < SECONDS; s++) {
        jest.setSystemTime(start + s * 1000);
        const ip = attacker(s);
        const guess = await t.http().post('/api/admin/session').set('X-Forwarded-For', ip).send({ username: operator.username, password: `guess-${s}` });
        count(result.account, guess.status);
        const secret = await t.http().post('/oauth2/token').type('form').set('X-Forwarded-For', ip)
          .set('Authorization', basicAuth(channel.clientId, `ghs_guess-${s}`)).send({ grant_type: 'client_credentials' });
        count(result.channel, secret.status);

        if (s % 30 === 15) {
          // The operator's browser, from a different address each time (travelling): only the device cookie vouches for it.
          result.operatorBrowser[0] += 1;
          if ((await consoleLogin(t, `203.0.113.${s / 15}`, operator, device)).status === 302) result.operatorBrowser[1] += 1;
          result.operatorScript[0] += 1;
          if ((await t.http().post('/api/admin/session').set('X-Forwarded-For', home).send(operator)).status === 200) result.operatorScript[1] += 1;
        }
        if (s % 10 === 5) {
          result.channelCalls[0] += 1;
          const ok = await t.http().post('/oauth2/token').type('form').set('X-Forwarded-For', channelHost)
            .set('Authorization', basicAuth(channel.clientId, channel.clientSecret!)).send({ grant_type: 'client_credentials' });
          if (ok.status === 200) result.channelCalls[1] += 1;
        }
      }
    } finally {
      jest.useRealTimers();
    }
    results[name] = result;
    return result;
  }

  it('one attacking address: 5 password guesses in 10 minutes, the channel secret guessed at most 10 a minute; the rightful never fail', async () => {
    const r = await siege('one-address', () => '198.51.100.66');
    expect(r.account).toEqual({ guesses: SECONDS, checked: 5, refused: SECONDS - 5, other: 0 });
    expect(r.channel.other).toBe(0);
    expect(r.channel.checked).toBeLessThanOrEqual(10 * Math.ceil(SECONDS / 60));
    expect(r.channel.refused).toBe(SECONDS - r.channel.checked);
    expect(r.operatorBrowser).toEqual([20, 20]);
    expect(r.operatorScript).toEqual([20, 20]);
    expect(r.channelCalls).toEqual([60, 60]);
  }, 300_000);

  it('a botnet (a new address per guess): still 5 password guesses; the channel is never refused to its rightful caller', async () => {
    const r = await siege('botnet', (s) => `10.66.${Math.floor(s / 250)}.${s % 250}`);
    expect(r.account).toEqual({ guesses: SECONDS, checked: 5, refused: SECONDS - 5, other: 0 });
    expect(r.channel.other).toBe(0);
    expect(r.operatorBrowser).toEqual([20, 20]);
    expect(r.operatorScript).toEqual([20, 20]);
    expect(r.channelCalls).toEqual([60, 60]);
  }, 300_000);
});
