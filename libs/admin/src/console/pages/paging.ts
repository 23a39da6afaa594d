/** Offset paging for the console's lists: ?page=N (1-based), a fixed page size. */
export const PAGE_SIZE = 25;

export function pageNumber(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return Math.max(n, 1);
}

/** Links to the previous and next pages, keeping the other query parameters. */
export function pager(path: string, query: Record<string, string>, page: number, total: number): { prev: string | null; next: string | null; page: number; pages: number } {
  const pages = Math.max(Math.ceil(total / PAGE_SIZE), 1);
  const link = (p: number) => `${path}?${new URLSearchParams({ ...withoutEmpty(query), page: String(p) }).toString()}`;
  return { prev: page > 1 ? link(page - 1) : null, next: page < pages ? link(page + 1) : null, page, pages };
}

export function withoutEmpty(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''));
}

/** A query parameter as one string (repeated or missing parameters read as empty). */
export function queryText(query: unknown, name: string, max = 200): string {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}
