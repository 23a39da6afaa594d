export * from './tokens.module';
