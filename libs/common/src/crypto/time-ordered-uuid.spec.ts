import { timeOrderedUuid } from './time-ordered-uuid';

describe(timeOrderedUuid.name, () => {
  it('is a version 7 UUID whose text sorts by time (so bulk-written ids append to their indexes)', () => {
    const a = timeOrderedUuid(1_700_000_000_000);
    const b = timeOrderedUuid(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.slice(0, 13)).toBe('018bcfe5-6800');
    expect(a < b).toBe(true);
    expect(timeOrderedUuid()).not.toBe(timeOrderedUuid());
  });
});
