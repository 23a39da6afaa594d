import { auditQuery } from './audit-filters';

describe(auditQuery.name, () => {
  it('maps the filters and reads dates as whole UTC days', () => {
    const { query, invalid } = auditQuery({ actor: ' admin:root ', action: 'client.approved', target: 'c1', since: '2026-01-02', until: '2026-01-03', cursor: '41' });
    expect(invalid).toEqual([]);
    expect(query).toMatchObject({ actor: 'admin:root', action: 'client.approved', targetId: 'c1', cursor: 41, limit: 50 });
    expect(query.since?.toISOString()).toBe('2026-01-02T00:00:00.000Z');
    expect(query.until?.toISOString()).toBe('2026-01-03T23:59:59.999Z');
  });

  it('reports a date that is not one, and ignores a bad cursor and repeated parameters', () => {
    const { query, invalid } = auditQuery({ since: 'yesterday', until: '2026-13-45', cursor: '-1', actor: ['a', 'b'] });
    expect(invalid).toEqual(['since', 'until']);
    expect(query.since).toBeUndefined();
    expect(query.cursor).toBeUndefined();
    expect(query.actor).toBeUndefined();
  });
});
