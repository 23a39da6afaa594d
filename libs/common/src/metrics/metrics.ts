import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * Process-wide Prometheus metrics. One registry per process (tests boot several apps in one
 * process, so the metrics are created once and shared).
 */
export class GatehouseMetrics {
  readonly registry = new Registry();
  readonly dbQueries = new Counter({ name: 'gatehouse_db_queries_total', help: 'SQL statements sent to the database (round trips)', registers: [this.registry] });
  readonly dbErrors = new Counter({ name: 'gatehouse_db_errors_total', help: 'SQL statements that failed', registers: [this.registry] });
  readonly httpRequests = new Counter({ name: 'gatehouse_http_requests_total', help: 'HTTP requests by status class', labelNames: ['status'] as const, registers: [this.registry] });
  readonly tokensIssued = new Counter({ name: 'gatehouse_tokens_issued_total', help: 'Access tokens issued, by grant type', labelNames: ['grant_type'] as const, registers: [this.registry] });
  readonly oauthErrors = new Counter({ name: 'gatehouse_oauth_errors_total', help: 'OAuth error responses, by error code', labelNames: ['error'] as const, registers: [this.registry] });
  readonly purgedRows = new Counter({ name: 'gatehouse_purged_rows_total', help: 'Expired rows deleted by the purge job, by table', labelNames: ['table'] as const, registers: [this.registry] });
  readonly slowQueries = new Histogram({ name: 'gatehouse_db_slow_query_seconds', help: 'Statements slower than 1 s', buckets: [1, 2, 5, 10, 30], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'gatehouse_' });
  }
}

let instance: GatehouseMetrics | undefined;

export function metrics(): GatehouseMetrics {
  instance ??= new GatehouseMetrics();
  return instance;
}
