// The import direction of STYLE.md, enforced in CI: no cycles, libs used through their index
// only, and only these arrows between libs.
const allowed = {
  common: [],
  persistence: ['common'],
  accounts: ['common', 'persistence'],
  clients: ['common', 'persistence', 'accounts'],
  authorization: ['common', 'persistence', 'clients', 'accounts'],
  tokens: ['common', 'persistence', 'authorization', 'clients', 'accounts'],
  resource: ['common', 'persistence', 'tokens', 'accounts', 'clients'],
  admin: ['common', 'persistence', 'tokens', 'authorization', 'clients', 'accounts', 'migration'],
  dialects: ['common', 'persistence', 'tokens', 'authorization', 'clients', 'accounts', 'resource'],
  migration: ['common', 'persistence', 'accounts', 'clients', 'authorization', 'tokens'],
};
const libs = Object.keys(allowed);

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    ...libs.map((lib) => ({
      name: `${lib}-imports-only-allowed-libs`,
      severity: 'error',
      from: { path: `^libs/${lib}/` },
      to: { path: `^libs/(?!(${[lib, ...allowed[lib]].join('|')})/)` },
    })),
    {
      name: 'libs-through-index-only',
      comment: 'Another lib is used through its index.ts (the @app/<lib> alias), never a deep path.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/.+', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'app-uses-libs-through-index-only',
      severity: 'error',
      from: { path: '^apps/' },
      to: { path: '^libs/[^/]+/src/.+', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.spec\\.ts$|node_modules)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
