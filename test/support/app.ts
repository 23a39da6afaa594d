import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { PassThrough } from 'node:stream';
import supertest from 'supertest';
import { AppConfig, loadConfig } from '../../libs/common/src/config';
import { createGatehouse } from '../../apps/gatehouse/src/bootstrap';
import { createTestDatabase, TestDatabase } from './database';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  db: TestDatabase;
  dataSource: DataSource;
  /** supertest against the in-process server. */
  http: () => supertest.Agent;
  /** Every log line the app wrote (for redaction tests). */
  logs: () => string;
  /** The base URL once `listen()` was called. */
  listen: () => Promise<string>;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
}

/** Boots Gatehouse exactly as main.ts does, on a fresh database. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    ISSUER: 'http://localhost:3000',
    SESSION_SECRET: 'test-session-secret-0123456789abcdef0123456789',
    ...options.env,
    DATABASE_URL: options.env?.DATABASE_URL ?? db.url,
  });
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const app = await createGatehouse(config, { logging: { level: process.env.TEST_LOG_LEVEL ?? 'info', stream } });
  await app.init();
  // Fastify builds its routes' hooks at ready(); listen() does it, supertest needs it done.
  await app.getHttpAdapter().getInstance().ready();
  app.flushLogs(); // bufferLogs: without listen(), Nest would keep its log lines to itself
  let baseUrl: string | undefined;
  return {
    app,
    config,
    db,
    dataSource: app.get(DataSource),
    http: () => supertest.agent(app.getHttpServer()),
    logs: () => chunks.join(''),
    listen: async () => {
      if (!baseUrl) {
        await app.listen(0, '127.0.0.1');
        const address = app.getHttpServer().address() as { port: number };
        baseUrl = `http://127.0.0.1:${address.port}`;
      }
      return baseUrl;
    },
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
