export * from './account-events';
export * from './accounts.module';
export * from './user.view';
export * from './users.service';
export * from './pairwise-subject';
export * from './session-store';
export * from './subject-overrides';
export * from './user-id';
