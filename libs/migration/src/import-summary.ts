import type { ImportOutcome } from '@app/accounts';
import type { ImportCounter } from './import-handler';

export interface LineErrorView {
  line: number;
  /** The field at fault; null when the line as a whole is (not JSON, too long, not written). */
  field: string | null;
  message: string;
}

export type Counts = Record<ImportCounter, number>;

/** The answer of an import (PRODUCT.md): the same shape from the API and the command line. */
export interface ImportSummaryView {
  dry_run: boolean;
  lines: number;
  created: Counts;
  updated: Counts;
  unchanged: number;
  errors: LineErrorView[];
}

/** At most this many errors are listed (the count of failed lines is lines − created − updated − unchanged). */
export const MAX_LISTED_ERRORS = 1000;

export class ImportSummary {
  lines = 0;
  failed = 0;
  readonly created: Counts = { users: 0, channels: 0, openids: 0, grants: 0 };
  readonly updated: Counts = { users: 0, channels: 0, openids: 0, grants: 0 };
  unchanged = 0;
  readonly errors: LineErrorView[] = [];

  constructor(readonly dryRun: boolean) {}

  count(counter: ImportCounter, outcome: ImportOutcome): void {
    if (outcome === 'unchanged') this.unchanged++;
    else this[outcome][counter]++;
  }

  error(line: number, field: string | null, message: string): void {
    this.failed++;
    if (this.errors.length < MAX_LISTED_ERRORS) this.errors.push({ line, field, message });
  }

  view(): ImportSummaryView {
    return {
      dry_run: this.dryRun, lines: this.lines, created: { ...this.created }, updated: { ...this.updated },
      unchanged: this.unchanged, errors: [...this.errors].sort((a, b) => a.line - b.line),
    };
  }
}
