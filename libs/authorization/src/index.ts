export * from './authorization.module';
export * from './codes/authorization-codes.service';
export * from './consents/consent-events';
