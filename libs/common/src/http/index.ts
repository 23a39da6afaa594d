export * from './client-ip';
export * from './http-types';
export * from './no-store';
export * from './request-params';
export * from './json-guard';
