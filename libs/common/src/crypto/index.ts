export * from './tokens';
export * from './key-encryption';
