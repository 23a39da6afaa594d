import type { EntityManager } from 'typeorm';
import type { ImportOutcome } from '@app/accounts';

/** The counters of the summary, one per line type. */
export type ImportCounter = 'users' | 'channels' | 'openids' | 'grants';

/** What the lines of one run share. */
export interface RunState {
  dryRun: boolean;
  /** `cli:<os user>` or the operator: recorded on what the run creates. */
  actor: string;
  /**
   * Dry run only (every batch is rolled back): the users earlier lines would have created, so
   * that later lines referring to them are checked as in a real run.
   */
  createdUsers: Set<string>;
  /**
   * The scopes of the channels this run has written or read (at most MAX_KNOWN_CHANNELS): the
   * openid and grant lines that name a channel need no read then. In a dry run, also the
   * channels earlier lines would have created.
   */
  channelScopes: Map<string, readonly string[]>;
}

/** The line or lines being written, in the batch's transaction (and then in a savepoint of their own). */
export interface LineContext {
  m: EntityManager;
  run: RunState;
  /** Work for after the batch has committed (never in a dry run): ending sessions, revoking tokens. */
  afterCommit(fn: () => Promise<void>): void;
}

/**
 * One line type of the import format. `check` needs no I/O and throws a ValidationError naming
 * the field; `apply` writes through the owning lib's import service in the line's transaction.
 */
export interface ImportHandler<P = unknown> {
  readonly type: string;
  readonly counter: ImportCounter;
  /** The fields a line of this type may carry, besides `type` (PRODUCT.md "Import"). */
  readonly fields: readonly string[];
  check(line: Record<string, unknown>): P;
  apply(parsed: P, ctx: LineContext): Promise<ImportOutcome>;
  /**
   * Optional, with `writeBatch`: what a line writes under (its ids, unique names, token values).
   * Consecutive lines of this type whose keys are all distinct go to `writeBatch` together.
   */
  batchKeys?(parsed: P): string[];
  /**
   * Optional: writes such lines as `apply` would one after the other, in fewer statements (one
   * read per table, multi-row INSERTs); the outcomes in the lines' order. Throws when any line
   * would fail: the runner then writes the batch again line by line, each in a savepoint.
   */
  writeBatch?(parsed: P[], ctx: LineContext): Promise<ImportOutcome[]>;
  /** Before the first line and after the last one of a run (each in a transaction of its own). */
  beginRun?(m: EntityManager): Promise<void>;
  endRun?(m: EntityManager): Promise<void>;
}

export const IMPORT_HANDLERS = Symbol('IMPORT_HANDLERS');
export const MAX_KNOWN_CHANNELS = 100_000;
