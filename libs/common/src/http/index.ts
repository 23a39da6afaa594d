export * from './client-ip';
export * from './no-store';
export * from './request-params';
