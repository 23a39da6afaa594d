#!/usr/bin/env node
// `npm test`: unit and e2e specs (on DATABASE_URL, SQLite in memory by default), then the
// browser specs when Chromium is installed. Extra arguments go to jest.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { resolve } = require('node:path');

const root = resolve(__dirname, '..');
const jest = require.resolve('jest/bin/jest');
const args = process.argv.slice(2);
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const projects = ['unit', 'e2e'];
if (existsSync(chromium)) projects.push('browser');

const run = spawnSync(process.execPath, [jest, '--selectProjects', ...projects, ...args], { cwd: root, stdio: 'inherit' });
if (!projects.includes('browser')) {
  process.stdout.write(`\nBrowser tests SKIPPED: no Chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH).\n`);
}
process.exit(run.status ?? 1);
