import 'reflect-metadata';
import cluster from 'node:cluster';
import { DataSource } from 'typeorm';
import { Logger } from '@nestjs/common';
import { AppConfig, ConfigError, loadConfig, logFormatFor, redactPassword, serverKeySecret } from '@app/common';
import { buildDataSourceOptions, ensureDatabase, withMigrationLock } from '@app/persistence';
import { startupBanner } from './banner';
import { createGatehouse } from './bootstrap';

function readConfig(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`gatehouse: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

async function serve(config: AppConfig): Promise<void> {
  const app = await createGatehouse(config);
  await app.listen(config.server.port, config.server.host);
  if (!cluster.isWorker || cluster.worker?.id === 1) {
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.server.port;
    const listening = `http://${config.server.host}:${port}`;
    if (logFormatFor(process.env, process.stdout.isTTY === true) === 'pretty') {
      process.stdout.write(startupBanner(config, { listening, workers: config.server.workers, color: process.stdout.isTTY === true }));
    } else {
      // JSON logs stay JSON: the banner is one record of its own.
      Logger.log({
        msg: `Gatehouse is listening on ${listening}`, listening, issuer: config.server.issuer, workers: config.server.workers,
        database: redactPassword(config.database.url), docs: `${config.server.issuer}/docs`, admin_console: `${config.server.issuer}/admin`,
      }, 'Gatehouse');
    }
  }
}

/**
 * WORKERS=n runs n processes sharing the port (node:cluster). Every piece of shared state is in
 * the database; the in-process caches follow the change feed and never lag it by more than
 * CACHE_MS (README "Running several instances"). The primary only forks, restarts crashed workers and
 * forwards SIGTERM/SIGINT so that each worker drains (shutdown.ts); it exits once they all have,
 * and the shared listening socket closes with the last worker's. It runs the migrations once
 * before forking, so that the workers do not race to create the schema.
 */
async function primary(config: AppConfig): Promise<void> {
  await ensureDatabase(config.database);
  const dataSource = new DataSource(buildDataSourceOptions(config.database, { keySecret: serverKeySecret(config) }));
  await withMigrationLock(config.database, () => dataSource.initialize());
  await dataSource.destroy();
  let stopping = false;
  for (let i = 0; i < config.server.workers; i++) cluster.fork();
  cluster.on('exit', (worker, code) => {
    if (!stopping && code !== 0) cluster.fork();
    if (Object.keys(cluster.workers ?? {}).length === 0 && stopping) process.exit(0);
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    });
  }
}

const config = readConfig();
if (config.server.workers > 1 && cluster.isPrimary) {
  primary(config).catch((err: Error) => {
    process.stderr.write(`gatehouse: failed to start: ${err.message}\n`);
    process.exit(1);
  });
} else {
  serve(config).catch((err: Error) => {
    process.stderr.write(`gatehouse: failed to start: ${err.message}\n`);
    process.exit(1);
  });
}
