// TypeORM CLI data source (npm run migration:run). Reuses the app's options; never synchronizes.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './libs/common/src/config';
import { buildDataSourceOptions } from './libs/persistence/src/data-source-options';

export default new DataSource({ ...buildDataSourceOptions(loadConfig().database), migrationsRun: false });
