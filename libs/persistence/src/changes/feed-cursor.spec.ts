import { FeedCursor, GAP_WAIT_MS } from './feed-cursor';

describe(FeedCursor.name, () => {
  it('reads after the last id seen', () => {
    const c = new FeedCursor();
    c.start(10);
    expect(c.query(0)).toEqual({ after: 10, gaps: [] });
    c.saw([11, 12], 0);
    expect(c.query(0)).toEqual({ after: 12, gaps: [] });
  });

  it('asks again for ids skipped over (a transaction that committed later) until they show up', () => {
    const c = new FeedCursor();
    c.start(0);
    c.saw([1, 4], 0); // 2 and 3 were still uncommitted when 4 was read
    expect(c.query(0)).toEqual({ after: 4, gaps: [2, 3] });
    c.saw([3, 5], 10);
    expect(c.query(10)).toEqual({ after: 5, gaps: [2] });
  });

  it('gives up on a gap after GAP_WAIT_MS (a rolled-back transaction never fills it)', () => {
    const c = new FeedCursor();
    c.start(0);
    c.saw([2], 1_000);
    expect(c.query(1_000 + GAP_WAIT_MS).gaps).toEqual([1]);
    expect(c.query(1_001 + GAP_WAIT_MS).gaps).toEqual([]);
  });

  it('remembers a bounded number of gaps', () => {
    const c = new FeedCursor();
    c.start(0);
    c.saw([1_000_000], 0);
    expect(c.position.last).toBe(1_000_000);
    expect(c.position.gaps.length).toBe(1_000);
  });
});
