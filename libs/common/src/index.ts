export * from './config';
export * from './crypto';
export * from './errors';
export * from './http';
export * from './logging';
export * from './metrics';
export * from './time';
export * from './openapi';
