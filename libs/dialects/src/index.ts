export * from './dialects.module';
