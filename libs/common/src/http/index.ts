export * from './client-ip';
export * from './http-types';
export * from './no-store';
export * from './request-params';
export * from './allowed-methods';
export * from './location-path';
export * from './json-guard';
