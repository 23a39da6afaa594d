#!/usr/bin/env node
// `npm start`: build once when the build is missing or older than the sources, then run it.
// `npm run cli -- <command>` runs the operator command line from the same build.
'use strict';
const { spawnSync, spawn } = require('node:child_process');
const { existsSync, statSync, readdirSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..');
const outDir = join(root, 'dist', 'apps', 'gatehouse', 'apps', 'gatehouse', 'src');
const cli = process.argv[2] === '--cli';
const entry = join(outDir, cli ? 'cli.js' : 'main.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const stale = !existsSync(entry) ||
  statSync(entry).mtimeMs < Math.max(newestSource(join(root, 'apps')), newestSource(join(root, 'libs')));
if (stale) {
  process.stderr.write('Building Gatehouse (first start or sources changed)...\n');
  const build = spawnSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', 'gatehouse'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const child = spawn(process.execPath, [entry, ...process.argv.slice(cli ? 3 : 2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
