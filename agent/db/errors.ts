/**
 * Maps driver errors (pg, mysql2, sockets) to stable codes and one-line messages.
 * Messages come from the driver and never contain the password: connections are made
 * from config objects, never from connection strings with credentials.
 */
export type DbErrorCode =
  | 'connection_refused'
  | 'host_not_found'
  | 'connect_timeout'
  | 'auth_failed'
  | 'tls_required'
  | 'tls_failed'
  | 'database_not_found'
  | 'permission_denied'
  | 'statement_timeout'
  | 'lock_timeout'
  | 'server_closed'
  | 'query_failed';

const PG_CODES: Record<string, DbErrorCode> = {
  '28P01': 'auth_failed', // invalid_password
  '3D000': 'database_not_found', // invalid_catalog_name
  '42501': 'permission_denied', // insufficient_privilege
  '57014': 'statement_timeout', // query_canceled (statement_timeout)
  '55P03': 'lock_timeout', // lock_not_available
  '57P01': 'server_closed', // admin_shutdown
  '42P01': 'query_failed',
};

const MYSQL_ERRNOS: Record<number, DbErrorCode> = {
  1045: 'auth_failed', // ER_ACCESS_DENIED_ERROR
  1698: 'auth_failed', // ER_ACCESS_DENIED_NO_PASSWORD_ERROR
  1049: 'database_not_found', // ER_BAD_DB_ERROR
  1044: 'permission_denied', // ER_DBACCESS_DENIED_ERROR
  1142: 'permission_denied', // ER_TABLEACCESS_DENIED_ERROR
  1143: 'permission_denied', // ER_COLUMNACCESS_DENIED_ERROR
  1227: 'permission_denied', // ER_SPECIFIC_ACCESS_DENIED_ERROR
  1370: 'permission_denied', // ER_PROCACCESS_DENIED_ERROR
  3159: 'tls_required', // ER_SECURE_TRANSPORT_REQUIRED (MySQL 5.7+)
  1205: 'lock_timeout', // ER_LOCK_WAIT_TIMEOUT
  3024: 'statement_timeout', // ER_QUERY_TIMEOUT (MySQL max_execution_time)
  1969: 'statement_timeout', // ER_STATEMENT_TIMEOUT (MariaDB max_statement_time)
  4151: 'tls_required', // MariaDB: user requires SSL (REQUIRE SSL)
};

export function classifyDbError(err: unknown): { code: DbErrorCode; message: string } {
  const e = err as { code?: unknown; errno?: unknown; message?: unknown } | null;
  const raw = typeof e?.message === 'string' && e.message ? e.message : String(err);
  const message = raw.split('\n')[0]!.slice(0, 500);
  const code = typeof e?.code === 'string' ? e.code : '';
  const errno = typeof e?.errno === 'number' ? e.errno : NaN;
  if (code === 'ECONNREFUSED' || code === 'ENOENT') return { code: 'connection_refused', message };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { code: 'host_not_found', message };
  if (code === 'ETIMEDOUT' || code === 'ETIMEOUT' || /timeout expired|connection timeout|connect ETIMEDOUT/i.test(raw)) return { code: 'connect_timeout', message };
  if (code === 'ECONNRESET' || code === 'EPIPE' || /Connection terminated|server closed the connection|PROTOCOL_CONNECTION_LOST/i.test(raw + code)) {
    return { code: 'server_closed', message };
  }
  if (/pg_hba\.conf (entry|rejects connection) .*(no encryption|SSL off)|no pg_hba\.conf entry .*(no encryption|SSL off)|SSL connection is required|requires? (SSL|secure transport)|--require-secure-transport|insecure transport are prohibited/i.test(raw)) {
    return { code: 'tls_required', message };
  }
  if (code === 'HANDSHAKE_NO_SSL_SUPPORT') return { code: 'tls_failed', message };
  if (/does not support SSL|self[- ]signed certificate|certificate|SSL/i.test(raw) && !PG_CODES[code]) return { code: 'tls_failed', message };
  if (PG_CODES[code]) return { code: PG_CODES[code]!, message };
  if (code === '28000') return { code: /SSL|encryption/i.test(raw) ? 'tls_required' : 'auth_failed', message };
  if (MYSQL_ERRNOS[errno]) return { code: MYSQL_ERRNOS[errno]!, message };
  return { code: 'query_failed', message };
}
