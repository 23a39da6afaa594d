import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ValidationError } from '@app/common';
import type { EntityManager } from 'typeorm';
import { AuditContext, AuditLog, bulkWriteNotice, isLockConflict, Transactions, tuneForBulkWrite } from '@app/persistence';
import type { ImportOutcome } from '@app/accounts';
import { HandlerRegistry } from './handler-registry';
import { ImportHandler, LineContext, RunState } from './import-handler';
import { ImportLock } from './import-lock';
import { ImportSummary, ImportSummaryView } from './import-summary';
import { NdjsonReadOptions, readNdjson } from './ndjson-reader';

/** Lines written per database transaction. */
export const BATCH_LINES = 500;

export interface ImportProgress {
  lines: number;
  bytes: number;
  failed: number;
}

export interface ImportOptions {
  dryRun: boolean;
  audit: AuditContext;
  maxBytes?: number;
  /** Called after every batch. */
  onProgress?: (progress: ImportProgress) => void;
  /** Called with advice about the database before the first line (also logged). */
  onNotice?: (message: string) => void;
}

interface Pending {
  line: number;
  handler: ImportHandler;
  parsed: unknown;
}

type LineResult = { line: number; ok: true; outcome: ImportOutcome } | { line: number; ok: false; field: string | null; message: string };

/** Rolls a batch's transaction back, carrying the outcomes so far (a dry run, or a line failed without savepoints). */
class BatchRollback extends Error {
  constructor(readonly results: LineResult[]) {
    super('batch rolled back');
  }
}

/**
 * The importer: reads NDJSON, checks each line with its type's handler (no I/O), and writes the
 * lines in batches of BATCH_LINES per transaction (3M lines would otherwise be 3M commits), in
 * multi-row statements where the handler can (`writeBatch`); a line that fails writes nothing and
 * the others go on (the batch is written again with one savepoint per line). A dry run rolls
 * every batch back. One run at a time (ImportLock); one audit event per run with the counts.
 */
@Injectable()
export class ImportRunner {
  private readonly logger = new Logger(ImportRunner.name);

  constructor(
    private readonly registry: HandlerRegistry,
    private readonly transactions: Transactions,
    private readonly lock: ImportLock,
    private readonly audit: AuditLog,
  ) {}

  async run(source: AsyncIterable<Buffer | string>, options: ImportOptions): Promise<ImportSummaryView> {
    const held = await this.lock.acquire(options.audit.actor);
    const summary = new ImportSummary(options.dryRun);
    const state: RunState = { dryRun: options.dryRun, actor: options.audit.actor, createdUsers: new Set(), channelScopes: new Map() };
    let bytes = 0;
    const readOptions: NdjsonReadOptions = { maxBytes: options.maxBytes, onBytes: (b) => (bytes = b) };
    const handlers = this.registry.all();
    let restoreTuning: ((m: EntityManager) => Promise<void>) | null = null;
    try {
      await this.transactions.run(async (m) => {
        restoreTuning = await tuneForBulkWrite(m);
        const notice = await bulkWriteNotice(m);
        if (notice) {
          this.logger.warn(notice);
          options.onNotice?.(notice);
        }
        for (const h of handlers) await h.beginRun?.(m);
      });
      let batch: Pending[] = [];
      for await (const item of readNdjson(source, readOptions)) {
        summary.lines++;
        if ('problem' in item) {
          summary.error(item.line, null, item.problem);
          continue;
        }
        try {
          const handler = this.registry.handlerFor(item.value);
          batch.push({ line: item.line, handler, parsed: handler.check(item.value) });
        } catch (err) {
          const e = describe(err);
          summary.error(item.line, e.field, e.message);
        }
        if (batch.length >= BATCH_LINES) {
          await this.flush(batch, state, summary);
          batch = [];
          options.onProgress?.({ lines: summary.lines, bytes, failed: summary.failed });
        }
      }
      await this.flush(batch, state, summary);
      options.onProgress?.({ lines: summary.lines, bytes, failed: summary.failed });
    } finally {
      await this.transactions.run(async (m) => {
        for (const h of handlers) await h.endRun?.(m);
        await restoreTuning?.(m);
      }).catch((err) => this.logger.error(`could not end the import run: ${(err as Error).message}`));
      await held.release().catch((err) => this.logger.error(`could not release the import lock: ${(err as Error).message}`));
    }
    const view = summary.view();
    await this.audit.record(options.audit, {
      action: 'import.completed',
      targetType: 'import',
      details: { dry_run: view.dry_run, lines: view.lines, created: view.created, updated: view.updated, unchanged: view.unchanged, errors: summary.failed },
    });
    return view;
  }

  /**
   * Writes one batch. First optimistically, in the one transaction without savepoints, the runs of
   * lines a handler can write together through its `writeBatch` (a few statements for hundreds of
   * lines), the others one by one (in a real export almost every batch is clean); when any line
   * fails, that attempt is rolled back whole and the batch runs again line by line with a
   * savepoint per line, so that exactly the failing lines write nothing.
   */
  private async flush(batch: Pending[], state: RunState, summary: ImportSummary): Promise<void> {
    if (batch.length === 0) return;
    let attempt = await this.attempt(batch, state, false);
    if (attempt.results.some((r) => !r.ok) && !attempt.failedAll) attempt = await this.attempt(batch, state, true);
    batch.forEach((p, i) => {
      const r = attempt.results[i];
      if (r.ok) summary.count(p.handler.counter, r.outcome);
      else summary.error(r.line, r.field, r.message);
    });
    for (const fn of attempt.after) await fn().catch((err) => this.logger.error(`after an imported line: ${(err as Error).message}`));
  }

  private async attempt(batch: Pending[], state: RunState, savepoints: boolean): Promise<{ results: LineResult[]; after: (() => Promise<void>)[]; failedAll: boolean }> {
    const after: (() => Promise<void>)[] = [];
    try {
      const results = await this.transactions.run(async (m) => {
        after.length = 0;
        const out: LineResult[] = [];
        for (const group of savepoints ? batch.map((p) => [p]) : writeGroups(batch)) {
          const pendingAfter: (() => Promise<void>)[] = [];
          const ctx: LineContext = { m, run: state, afterCommit: (fn) => pendingAfter.push(fn) };
          const written = group.length > 1 ? await this.writeTogether(group, ctx, out) : await this.writeOne(group[0], ctx, savepoints, out);
          if (written) after.push(...pendingAfter);
        }
        if (state.dryRun) throw new BatchRollback(out);
        return out;
      });
      return { results, after, failedAll: false };
    } catch (err) {
      if (err instanceof BatchRollback) return { results: err.results, after: state.dryRun ? [] : after, failedAll: false };
      this.logger.error(`an import batch failed: ${(err as Error).message}`);
      const message = 'could not be written (the batch transaction failed); import the file again';
      return { results: batch.map((p) => ({ line: p.line, ok: false, field: null, message })), after: [], failedAll: true };
    }
  }

  /** Lines of one type through the handler's writeBatch; any failure rolls the attempt back. */
  private async writeTogether(group: Pending[], ctx: LineContext, out: LineResult[]): Promise<boolean> {
    let outcomes: ImportOutcome[];
    try {
      outcomes = await group[0].handler.writeBatch!(group.map((p) => p.parsed), ctx);
    } catch (err) {
      if (isLockConflict(err)) throw err; // InnoDB rolled the whole transaction back: the batch runs again
      throw new BatchRollback([...out, ...group.map((p): LineResult => ({ line: p.line, ok: false, ...describe(err) }))]);
    }
    group.forEach((p, i) => out.push({ line: p.line, ok: true, outcome: outcomes[i] }));
    return true;
  }

  /** One line through the handler's apply, in a savepoint of its own when asked. */
  private async writeOne(p: Pending, ctx: LineContext, savepoint: boolean, out: LineResult[]): Promise<boolean> {
    const runner = ctx.m.queryRunner!;
    if (savepoint) await runner.startTransaction(); // a savepoint: this line alone is undone when it fails
    try {
      const outcome = await p.handler.apply(p.parsed, ctx);
      if (savepoint) await runner.commitTransaction();
      out.push({ line: p.line, ok: true, outcome });
      return true;
    } catch (err) {
      if (isLockConflict(err)) throw err;
      if (!savepoint) throw new BatchRollback([...out, { line: p.line, ok: false, ...describe(err) }]);
      await runner.rollbackTransaction();
      out.push({ line: p.line, ok: false, ...describe(err) });
      return false;
    }
  }
}

/**
 * A batch as the groups its first attempt writes, in order: the longest runs of consecutive lines
 * of one type that has `writeBatch` and whose batchKeys are all distinct (a line that repeats a
 * key of its run starts the next one, so it sees what the earlier line wrote, as line by line),
 * and every other line alone.
 */
export function writeGroups<T extends { handler: ImportHandler; parsed: unknown }>(batch: readonly T[]): T[][] {
  const groups: T[][] = [];
  let group: T[] = [];
  let keys = new Set<string>();
  for (const p of batch) {
    const lineKeys = p.handler.writeBatch ? p.handler.batchKeys?.(p.parsed) ?? null : null;
    const joins = group.length > 0 && lineKeys !== null && group[0].handler === p.handler && lineKeys.every((k) => !keys.has(k));
    if (!joins && group.length > 0) {
      groups.push(group);
      group = [];
      keys = new Set();
    }
    group.push(p);
    for (const k of lineKeys ?? []) keys.add(k);
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** A line's error as `{field, message}`: the field a service named, else the whole line. */
function describe(err: unknown): { field: string | null; message: string } {
  if (err instanceof ValidationError) {
    const prefix = `${err.field}: `;
    return { field: err.field, message: err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message };
  }
  if (err instanceof DomainError) return { field: null, message: err.message };
  const code = (err as { code?: string })?.code;
  return { field: null, message: `could not be written${code ? ` (${code})` : ''}` };
}
