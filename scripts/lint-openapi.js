#!/usr/bin/env node
// `npm run lint:openapi`: lints the OpenAPI document exactly as /docs-json serves it (the app
// booted on an in-memory SQLite database) with Redocly CLI and redocly.yaml (the recommended
// rules, plus operation descriptions and known tags). Fails on any error OR warning. Offline:
// telemetry and the update check are off, and the document has no remote $refs.
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { root } = require('./build-if-needed');
const { openapiDocument } = require('./openapi-document');

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-openapi-'));
  try {
    // `node scripts/lint-openapi.js some.json` lints a document already written instead.
    const file = process.argv[2] ? resolve(process.argv[2]) : join(dir, 'openapi.json');
    if (!process.argv[2]) writeFileSync(file, JSON.stringify(await openapiDocument(), null, 2));
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
    const cli = require.resolve('@redocly/cli/bin/cli.js');
    const lint = (format) => spawnSync(process.execPath, [cli, 'lint', file, '--config', join(root, 'redocly.yaml'), '--format', format], { cwd: root, env, encoding: 'utf8' });
    const json = lint('json');
    let report;
    try {
      report = JSON.parse(json.stdout);
    } catch {
      process.stderr.write(`${json.stdout}${json.stderr}\nlint:openapi: redocly did not run\n`);
      process.exit(1);
    }
    const { totals, problems } = report;
    if (totals.errors > 0 || totals.warnings > 0) {
      // Name each problem by operation and JSON pointer (line numbers of a temp file help nobody).
      for (const p of problems) {
        const where = (p.location?.[0]?.pointer ?? '').replace(/^#\//, '').split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
        const op = where[0] === 'paths' ? `${(where[2] ?? '').toUpperCase()} ${where[1]}` : where.slice(0, 3).join(' > ');
        const rest = where[0] === 'paths' ? where.slice(3).join(' > ') : where.slice(3).join(' > ');
        process.stderr.write(`${p.severity === 'error' ? 'error  ' : 'warning'} ${op}${rest ? ` (${rest})` : ''}: ${p.message} [${p.ruleId}]\n`);
      }
      process.stderr.write(`lint:openapi: ${totals.errors} error(s) and ${totals.warnings} warning(s); the document must be clean.\n`
        + 'See README "API docs" (documenting a new endpoint) and libs/common/src/openapi.\n');
      process.exit(1);
    }
    process.stdout.write('lint:openapi: redocly lint (recommended rules + redocly.yaml): 0 errors, 0 warnings\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`lint:openapi: ${err.stack || err.message}\n`);
  process.exit(1);
});
