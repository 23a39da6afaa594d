#!/usr/bin/env node
// `npm run typed-client`: generates TypeScript types from the OpenAPI document (/docs-json, the
// app booted on in-memory SQLite) with openapi-typescript, compiles client.ts against them, then
// runs it against a live server on 127.0.0.1 (a random port): register, approve, token,
// introspect, me. A schema that drifts from what the program uses fails the compilation.
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdirSync, rmSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { openapiDocument } = require('../../scripts/openapi-document');
const { outDir } = require('../../scripts/build-if-needed');

const here = __dirname;
const generated = join(here, 'generated');

async function main() {
  const doc = await openapiDocument();
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  rmSync(generated, { recursive: true, force: true });
  mkdirSync(generated, { recursive: true });
  writeFileSync(join(generated, 'api.d.ts'), astToString(await openapiTS(doc)));
  process.stdout.write('typed-client: types generated from /docs-json\n');

  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(here, 'tsconfig.json')], { stdio: 'inherit' });
  if (tsc.status !== 0) throw new Error('client.ts does not compile against the generated types');
  process.stdout.write('typed-client: client.ts compiles against them\n');

  const { loadConfig } = require(resolve(outDir, '..', '..', '..', 'libs', 'common', 'src', 'config'));
  const { UsersService } = require(resolve(outDir, '..', '..', '..', 'libs', 'accounts', 'src'));
  const { createGatehouse } = require(join(outDir, 'bootstrap.js'));
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:', ISSUER: 'http://127.0.0.1', SHUTDOWN_GRACE_MS: '0', SESSION_SECRET: 'typed-client-only-0123456789abcdef0123456789' });
  const app = await createGatehouse(config, { logging: { level: 'warn' } });
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address();
    const operator = { username: 'typed-admin', password: 'typed-admin-password-1' };
    await app.get(UsersService).create({ ...operator, isAdmin: true }, { actor: 'typed-client' });
    const { run } = require(join(generated, 'out', 'client.js'));
    const result = await run(`http://127.0.0.1:${port}`, operator);
    process.stdout.write(`typed-client: ran against a live server: channel ${result.clientId}, token active, /api/v1/me -> ${JSON.stringify(result.me)}\n`);
  } finally {
    await app.close();
  }
}

main().catch((err) => {
  process.stderr.write(`typed-client: ${err.stack || err.message}\n`);
  process.exit(1);
});
