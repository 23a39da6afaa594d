import 'reflect-metadata';
import { ConfigError, loadConfig, redactPassword } from '@app/common';
import { createGatehouse } from './bootstrap';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`gatehouse: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const app = await createGatehouse(config);
  await app.listen(config.server.port, config.server.host);
  const url = config.server.issuer;
  process.stdout.write(
    `Gatehouse is listening on http://${config.server.host}:${config.server.port} ` +
      `(issuer ${url}, database ${redactPassword(config.database.url)})\n` +
      `  admin console: ${url}/admin\n  API docs:      ${url}/docs\n  metadata:      ${url}/.well-known/oauth-authorization-server\n`,
  );
}

main().catch((err: Error) => {
  process.stderr.write(`gatehouse: failed to start: ${err.message}\n`);
  process.exit(1);
});
