export * from './access-log';
export * from './redact';
export * from './request-id';
export * from './root-logger';
export * from './request-logger';
