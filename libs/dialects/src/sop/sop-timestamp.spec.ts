import { formatSopTimestamp, isWithinWindow, parseSopTimestamp } from './sop-timestamp';

describe('seed 003 timestamps', () => {
  it(`${parseSopTimestamp.name} reads wall-clock time in the platform zone`, () => {
    expect(parseSopTimestamp('2026-11-21 20:00:00', 'Asia/Shanghai')?.toISOString()).toBe('2026-11-21T12:00:00.000Z');
    expect(parseSopTimestamp('2026-07-01 08:30:15', 'Europe/Berlin')?.toISOString()).toBe('2026-07-01T06:30:15.000Z');
    expect(parseSopTimestamp('2026-01-01 08:30:15', 'Europe/Berlin')?.toISOString()).toBe('2026-01-01T07:30:15.000Z');
  });

  it.each(['2026-11-21T20:00:00', '2026-13-01 00:00:00', '2026-11-21 24:00:00', '', '1700000000'])('rejects %p', (value) => {
    expect(parseSopTimestamp(value, 'Asia/Shanghai')).toBeNull();
  });

  it('round-trips through formatSopTimestamp', () => {
    const now = new Date('2026-11-21T12:34:56.000Z');
    expect(parseSopTimestamp(formatSopTimestamp(now, 'Asia/Shanghai'), 'Asia/Shanghai')?.getTime()).toBe(now.getTime());
  });

  it(`${isWithinWindow.name} accepts ±10 minutes`, () => {
    const now = new Date('2026-11-21T12:00:00Z');
    expect(isWithinWindow(new Date('2026-11-21T12:09:59Z'), now)).toBe(true);
    expect(isWithinWindow(new Date('2026-11-21T11:50:00Z'), now)).toBe(true);
    expect(isWithinWindow(new Date('2026-11-21T12:10:01Z'), now)).toBe(false);
  });
});
