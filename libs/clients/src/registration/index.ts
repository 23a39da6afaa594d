export * from './api-error.view';
export * from './register-client.dto';
export * from './registered-client.view';
export * from './registration-gate';
export * from './registration.controller';
