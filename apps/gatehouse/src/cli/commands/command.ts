import type { INestApplicationContext, Type } from '@nestjs/common';
import type { AuditContext } from '@app/persistence';
import type { OptionSpecs, ParsedOptions } from '../args';
import type { ProgressSink } from '../progress';

export interface CommandContext {
  app: INestApplicationContext;
  /** `cli:<os user>` */
  audit: AuditContext;
  /** stderr, for long commands' progress. */
  progress: ProgressSink;
}

/** One operator command: its options, and what it does with the same services the API uses. */
export interface Command {
  name: string;
  summary: string;
  options: OptionSpecs;
  run(ctx: CommandContext, options: ParsedOptions): Promise<unknown>;
  /** Nest modules this command needs beyond the CLI's own (loaded only when it runs). */
  modules?(): Promise<Type[]>;
  /** The exit code for a result that was printed (default 0). */
  exitCode?(result: unknown): number;
}
