#!/usr/bin/env node
// Writes the OpenAPI document exactly as /docs-json serves it: boots the built app on an
// in-memory SQLite database (no listening socket), asks for /docs-json in process, writes it to
// the path given (default: stdout). Used by `npm run lint:openapi` and `npm run typed-client`.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { buildIfNeeded, outDir } = require('./build-if-needed');

async function openapiDocument() {
  buildIfNeeded('main.js');
  const { loadConfig } = require(join(outDir, '..', '..', '..', 'libs', 'common', 'src', 'config'));
  const { createGatehouse } = require(join(outDir, 'bootstrap.js'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'sqlite::memory:',
    ISSUER: process.env.ISSUER || 'http://localhost:3000',
    SESSION_SECRET: 'openapi-document-only-0123456789abcdef0123456789',
  });
  const app = await createGatehouse(config, { logging: { level: 'warn' } });
  try {
    await app.init();
    const fastify = app.getHttpAdapter().getInstance();
    await fastify.ready();
    const res = await fastify.inject({ method: 'GET', url: '/docs-json' });
    if (res.statusCode !== 200) throw new Error(`/docs-json answered ${res.statusCode}`);
    return JSON.parse(res.body);
  } finally {
    await app.close();
  }
}

module.exports = { openapiDocument };

if (require.main === module) {
  openapiDocument().then((doc) => {
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (process.argv[2]) writeFileSync(process.argv[2], text);
    else process.stdout.write(text);
  }).catch((err) => {
    process.stderr.write(`openapi-document: ${err.stack || err.message}\n`);
    process.exit(1);
  });
}
