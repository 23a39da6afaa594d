/**
 * Seed 003 gateway timestamps: `yyyy-MM-dd HH:mm:ss` in the platform's time zone
 * (SOP_TIMEZONE, default Asia/Shanghai), accepted within ±10 minutes of the server clock.
 */
export const SOP_TIMESTAMP_WINDOW_MS = 10 * 60 * 1000;

const PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** The instant a wall-clock timestamp names in `timeZone`, or null when it is malformed. */
export function parseSopTimestamp(value: string, timeZone: string): Date | null {
  const m = PATTERN.exec(value ?? '');
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  // The zone's offset at (about) that instant; a second pass settles DST edges.
  let instant = asUtc - offsetMs(asUtc, timeZone);
  instant = asUtc - offsetMs(instant, timeZone);
  const back = new Date(instant);
  return Number.isNaN(back.getTime()) ? null : back;
}

export function isWithinWindow(instant: Date, now = new Date()): boolean {
  return Math.abs(instant.getTime() - now.getTime()) <= SOP_TIMESTAMP_WINDOW_MS;
}

export function formatSopTimestamp(instant: Date, timeZone: string): string {
  const parts = zoneParts(instant.getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${parts.year}-${pad(parts.month)}-${pad(parts.day)} ${pad(parts.hour)}:${pad(parts.minute)}:${pad(parts.second)}`;
}

function offsetMs(utcMs: number, timeZone: string): number {
  const p = zoneParts(utcMs, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(utcMs / 1000) * 1000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function zoneParts(utcMs: number, timeZone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const out: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return out as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
}
