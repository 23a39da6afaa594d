export * from './logging.module';
export * from './redact';
export * from './request-id';
