#!/usr/bin/env node
// `npm start`: build once when the build is missing or older than the sources, then run it.
// `npm run cli -- <command>` runs the operator command line from the same build.
'use strict';
const { spawn } = require('node:child_process');
const { buildIfNeeded, root } = require('./build-if-needed');

const cli = process.argv[2] === '--cli';
const entry = buildIfNeeded(cli ? 'cli.js' : 'main.js');
const child = spawn(process.execPath, [entry, ...process.argv.slice(cli ? 3 : 2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
