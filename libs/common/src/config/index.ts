export * from './app.config';
export * from './config-error';
export * from './config.module';
export * from './database.config';
export * from './env-reader';
export * from './login.config';
