import { AuditLog } from '../../libs/persistence/src';
import { startTestApp, TestApp } from '../support/app';
import { adminToken, bearer } from '../support/admin';

describe('admin API: audit log and scopes', () => {
  let t: TestApp;
  let auth: string;
  beforeAll(async () => {
    t = await startTestApp();
    auth = bearer(await adminToken(t));
  });
  afterAll(async () => { await t.close(); });

  const get = (path: string) => t.http().get(`/api/admin${path}`).set('Authorization', auth);
  const post = (path: string, body: object) => t.http().post(`/api/admin${path}`).set('Authorization', auth).send(body);

  describe('GET /api/admin/audit', () => {
    beforeAll(async () => {
      const audit = t.app.get(AuditLog);
      for (let i = 0; i < 5; i++) {
        await audit.record({ actor: `tester:${i % 2}`, ip: '192.0.2.1' }, { action: 'probe.event', targetType: 'probe', targetId: `p${i}`, reason: `r${i}` });
      }
    });

    it('returns {id, at, actor, action, target_type, target_id, reason, ip, details}, newest first', async () => {
      const res = await get('/audit?action=probe.event').expect(200);
      expect(res.body.items.map((e: { target_id: string }) => e.target_id)).toEqual(['p4', 'p3', 'p2', 'p1', 'p0']);
      expect(Object.keys(res.body.items[0]).sort()).toEqual(['action', 'actor', 'at', 'details', 'id', 'ip', 'reason', 'target_id', 'target_type']);
      expect(res.body.items[0]).toMatchObject({ actor: 'tester:0', reason: 'r4', ip: '192.0.2.1', target_type: 'probe' });
      expect(res.body.next_cursor).toBeNull();
    });

    it('filters by actor, action and target_id', async () => {
      const byActor = await get('/audit?action=probe.event&actor=tester:1').expect(200);
      expect(byActor.body.items.map((e: { target_id: string }) => e.target_id)).toEqual(['p3', 'p1']);
      const byTarget = await get('/audit?target_id=p2').expect(200);
      expect(byTarget.body.items).toHaveLength(1);
      expect((await get('/audit?action=no.such.action').expect(200)).body.items).toEqual([]);
    });

    it('filters by time with since/until', async () => {
      const all = (await get('/audit?action=probe.event').expect(200)).body.items;
      const future = new Date(Date.now() + 60_000).toISOString();
      expect((await get(`/audit?action=probe.event&since=${future}`).expect(200)).body.items).toEqual([]);
      expect((await get(`/audit?action=probe.event&until=${future}`).expect(200)).body.items).toHaveLength(5);
      const oldest = all[all.length - 1].at;
      const untilOldest = await get(`/audit?action=probe.event&until=${encodeURIComponent(oldest)}`).expect(200);
      expect(untilOldest.body.items.map((e: { target_id: string }) => e.target_id)).toContain('p0');
      expect((await get(`/audit?action=probe.event&since=2000-01-01T00:00:00Z&until=2000-01-02T00:00:00Z`).expect(200)).body.items).toEqual([]);
    });

    it('pages with limit and cursor', async () => {
      const first = await get('/audit?action=probe.event&limit=2').expect(200);
      expect(first.body.items.map((e: { target_id: string }) => e.target_id)).toEqual(['p4', 'p3']);
      expect(first.body.next_cursor).toEqual(expect.any(String));
      const second = await get(`/audit?action=probe.event&limit=2&cursor=${first.body.next_cursor}`).expect(200);
      expect(second.body.items.map((e: { target_id: string }) => e.target_id)).toEqual(['p2', 'p1']);
      const third = await get(`/audit?action=probe.event&limit=2&cursor=${second.body.next_cursor}`).expect(200);
      expect(third.body.items.map((e: { target_id: string }) => e.target_id)).toEqual(['p0']);
      expect(third.body.next_cursor).toBeNull();
    });

    it.each(['since=yesterday', 'until=2026-13-01', 'limit=0', 'limit=1000', 'cursor=abc', 'cursor=-5', 'page=2', 'actor=a&actor=b'])(
      '400 for %s', async (query) => {
        const res = await get(`/audit?${query}`).expect(400);
        expect(res.body.error).toBe('invalid_request');
      },
    );
  });

  describe('scopes', () => {
    it('GET /api/admin/scopes lists the scopes known out of the box', async () => {
      const res = await get('/scopes').expect(200);
      expect(res.body.items.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(['profile', 'user_id_read']));
      expect(res.body.items[0]).toEqual({ name: expect.any(String), description: expect.any(String), description_zh: expect.anything(), user_bound: expect.any(Boolean) });
      const byName = Object.fromEntries(res.body.items.map((s: { name: string; user_bound: boolean }) => [s.name, s.user_bound]));
      expect(byName).toMatchObject({ openid: true, profile: true, user_id_read: true, snsapi_login: true });
    });

    it('POST /api/admin/scopes defines a scope that channels may then use; audited', async () => {
      const res = await post('/scopes', { name: 'orders_read', description: 'Read your orders', description_zh: '读取订单' }).expect(201);
      expect(res.body).toEqual({ name: 'orders_read', description: 'Read your orders', description_zh: '读取订单', user_bound: false });
      expect((await get('/scopes')).body.items.map((s: { name: string }) => s.name)).toContain('orders_read');
      await t.http().post('/api/v1/clients').send({ client_name: 'Shop', redirect_uris: ['https://shop.example/cb'], scope: 'orders_read' }).expect(201);
      const [event] = (await get('/audit?target_id=orders_read').expect(200)).body.items;
      expect(event).toMatchObject({ actor: 'admin:admin', action: 'scope.created', target_type: 'scope', ip: '127.0.0.1' });
    });

    it('POST /api/admin/scopes with user_bound: true marks a scope that describes a user; a non-boolean is a field error', async () => {
      const res = await post('/scopes', { name: 'wallet_read', description: 'Read your wallet', user_bound: true }).expect(201);
      expect(res.body.user_bound).toBe(true);
      const bad = await post('/scopes', { name: 'wallet_write', description: 'Write your wallet', user_bound: 'yes' }).expect(400);
      expect(JSON.stringify(bad.body)).toContain('user_bound');
    });

    it('409 for a duplicate name, also when only the case differs', async () => {
      await post('/scopes', { name: 'profile', description: 'again' }).expect(409);
      const res = await post('/scopes', { name: 'PROFILE', description: 'again' }).expect(409);
      expect(res.body.error).toBe('conflict');
    });

    it.each([
      [{ name: 'has space', description: 'x' }, 'name must be 1-64 printable characters'],
      [{ name: 'quote"d', description: 'x' }, 'name must be 1-64 printable characters'],
      [{ name: 'ok_name' }, 'description should not be empty'],
      [{ name: 'ok_name', description: '   ' }, 'description: must be a non-empty string'],
      [{ name: 'ok_name', description: 'x', extra: 1 }, 'property extra should not exist'],
    ].map(([body, message]) => [message as string, body as object]))('400: "%s"', async (message, body) => {
      const res = await post('/scopes', body).expect(400);
      expect(res.body.error_description).toContain(message);
    });
  });
});
