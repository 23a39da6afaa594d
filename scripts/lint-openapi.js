#!/usr/bin/env node
// `npm run lint:openapi`: lints the OpenAPI document exactly as /docs-json serves it (the app
// booted on an in-memory SQLite database) with Redocly CLI and redocly.yaml (the recommended
// rules, plus operation descriptions and known tags). Fails on any error OR warning. Offline:
// telemetry and the update check are off, and the document has no remote $refs.
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { root } = require('./build-if-needed');
const { openapiDocument } = require('./openapi-document');

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(await openapiDocument(), null, 2));
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
    const cli = require.resolve('@redocly/cli/bin/cli.js');
    const lint = (format) => spawnSync(process.execPath, [cli, 'lint', file, '--config', join(root, 'redocly.yaml'), '--format', format], { cwd: root, env, encoding: 'utf8' });
    const json = lint('json');
    let totals;
    try {
      totals = JSON.parse(json.stdout).totals;
    } catch {
      process.stderr.write(`${json.stdout}${json.stderr}\nlint:openapi: redocly did not run\n`);
      process.exit(1);
    }
    const stylish = lint('stylish');
    process.stdout.write(`${stylish.stdout}${stylish.stderr}`);
    if (totals.errors > 0 || totals.warnings > 0) {
      process.stderr.write(`lint:openapi: ${totals.errors} error(s) and ${totals.warnings} warning(s); the document must be clean.\n`);
      process.exit(1);
    }
    process.stdout.write('lint:openapi: 0 errors, 0 warnings\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`lint:openapi: ${err.stack || err.message}\n`);
  process.exit(1);
});
