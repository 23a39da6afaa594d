'use strict';
// Builds apps/gatehouse when dist is missing or older than any source file. Used by
// `npm start`, `npm run cli` and the benchmarks.
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..');
const outDir = join(root, 'dist', 'apps', 'gatehouse', 'apps', 'gatehouse', 'src');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function buildIfNeeded(entryName = 'main.js') {
  const entry = join(outDir, entryName);
  const stale = !existsSync(entry) ||
    statSync(entry).mtimeMs < Math.max(newestSource(join(root, 'apps')), newestSource(join(root, 'libs')));
  if (stale) {
    process.stderr.write('Building Gatehouse (first start or sources changed)...\n');
    const build = spawnSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', 'gatehouse'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  return entry;
}

module.exports = { buildIfNeeded, outDir, root };
if (require.main === module) buildIfNeeded();
