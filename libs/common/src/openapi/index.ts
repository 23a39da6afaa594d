export * from './api-tags';
export * from './error-responses';
export * from './error-views';
export * from './finish-document';
export * from './security';
