// Three tiers (STYLE rule 12): unit specs beside their files, e2e per feature, browser tests.
const moduleNameMapper = {
  '^@app/(common|persistence|accounts|clients|authorization|tokens|resource|admin|dialects|migration)$': '<rootDir>/libs/$1/src',
  '^@app/(common|persistence|accounts|clients|authorization|tokens|resource|admin|dialects|migration)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] };
const base = { rootDir: __dirname, moduleFileExtensions: ['js', 'json', 'ts'], testEnvironment: 'node', transform, moduleNameMapper };

module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/support/jest-setup.ts'] },
    { ...base, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/support/jest-setup-browser.ts'] },
  ],
};
