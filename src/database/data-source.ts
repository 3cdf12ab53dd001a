// The TypeORM CLI's data source (`npm run migration:generate`); the server and `npm run cli` use
// the same options through database-options.ts.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './database-options';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL must be set for the TypeORM CLI');

export default new DataSource(dataSourceOptions({ url }));
