// TypeORM CLI data source (npm run migration:run). Reuses the app's options; never synchronizes.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './libs/common/src/config';
import { serverKeySecret } from './libs/common/src/crypto';
import { buildDataSourceOptions } from './libs/persistence/src/data-source-options';

const config = loadConfig();
export default new DataSource({ ...buildDataSourceOptions(config.database, { keySecret: serverKeySecret(config) }), migrationsRun: false });
