export * from './tokens';
export * from './key-encryption';
export * from './time-ordered-uuid';
