export * from './api-exception.filter';
export * from './classify';
export * from './domain-errors';
export * from './oauth-browser.filter';
export * from './oauth-errors';
export * from './oauth-json.filter';
export * from './redirect-target';
