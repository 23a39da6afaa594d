export * from './migration.module';
export { BATCH_LINES, ImportRunner } from './import-runner';
export type { ImportOptions, ImportProgress } from './import-runner';
export type { ImportSummaryView, LineErrorView } from './import-summary';
export { MAX_LISTED_ERRORS } from './import-summary';
export { IMPORT_MAX_BYTES, ImportTooLargeError, MAX_LINE_BYTES } from './ndjson-reader';
