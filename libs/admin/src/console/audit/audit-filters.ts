import type { AuditQuery } from '@app/persistence';
import { queryText } from '../pages/paging';

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
  actor: string;
  action: string;
  target: string;
  since: string;
  until: string;
}

/**
 * The audit page's query string as an AuditQuery. Dates come from <input type="date">
 * (YYYY-MM-DD, read as UTC days: `until` includes its whole day) or as full ISO instants.
 * A value that is not a date is reported, not ignored, so the operator knows the list is unfiltered.
 */
export function auditQuery(query: unknown): { filters: AuditFilters; query: AuditQuery; invalid: string[] } {
  const filters: AuditFilters = {
    actor: queryText(query, 'actor', 200),
    action: queryText(query, 'action', 100),
    target: queryText(query, 'target', 200),
    since: queryText(query, 'since', 40),
    until: queryText(query, 'until', 40),
  };
  const invalid: string[] = [];
  const since = instant(filters.since, false, 'since', invalid);
  const until = instant(filters.until, true, 'until', invalid);
  const cursorText = queryText(query, 'cursor', 20);
  const cursor = /^\d{1,15}$/.test(cursorText) ? Number(cursorText) : undefined;
  return {
    filters,
    invalid,
    query: {
      actor: filters.actor || undefined,
      action: filters.action || undefined,
      targetId: filters.target || undefined,
      since,
      until,
      cursor,
      limit: AUDIT_PAGE_SIZE,
    },
  };
}

function instant(value: string, endOfDay: boolean, name: string, invalid: string[]): Date | undefined {
  if (!value) return undefined;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(day ? `${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z` : value);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    invalid.push(name);
    return undefined;
  }
  return date;
}
