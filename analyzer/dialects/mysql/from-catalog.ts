import type { DatabaseServer } from '../../../agent/bundle/index.js';
import type { DatabaseModel } from '../../model/schema.js';

/** MySQL/MariaDB catalog rows of one schema → the neutral model. */
export function mysqlFromCatalog(server: DatabaseServer, database: DatabaseServer['databases'][number]): DatabaseModel {
  throw new Error(`mysqlFromCatalog: not built yet (${server.target.id}/${database.name})`);
}
