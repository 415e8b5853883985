import type { DatabaseServer } from '../../../agent/bundle/index.js';
import type { DatabaseModel } from '../../model/schema.js';

/** PostgreSQL catalog rows of one database → the neutral model. */
export function postgresFromCatalog(server: DatabaseServer, database: DatabaseServer['databases'][number]): DatabaseModel {
  throw new Error(`postgresFromCatalog: not built yet (${server.target.id}/${database.name})`);
}
