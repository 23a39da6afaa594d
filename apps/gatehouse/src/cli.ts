import 'reflect-metadata';
import { runCli } from './cli/run';

runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  errIsTty: process.stderr.isTTY === true,
}).then((code) => {
  process.exitCode = code;
  // A driver handle left open must not keep an operator's shell waiting.
  setTimeout(() => process.exit(code), 2000).unref();
});
