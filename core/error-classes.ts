/**
 * The error-class taxonomy. These ids are a public contract (reports, `classify --json`,
 * user pattern packs, run history): never rename one; add new ids only with a migration
 * note in CHANGELOG.md. docs/error-classes.md says what etl-cycle does for each.
 */
export const ERROR_CLASS_IDS = [
  'timeout',
  'connection_refused',
  'service_starting',
  'dns_failure',
  'auth_failed',
  'permission_denied',
  'file_not_found',
  'missing_table',
  'missing_database',
  'already_exists',
  'port_in_use',
  'out_of_memory',
  'disk_full',
  'image_unavailable',
  'syntax_error',
  'constraint_violation',
  'deadlock',
  'too_many_connections',
  'upstream_error',
  'crash',
  'data_rejected',
] as const;

export type ErrorClassId = (typeof ERROR_CLASS_IDS)[number];

/** A failed run whose output matched nothing in the catalogue. Not a pattern class. */
export const UNKNOWN_CLASS = 'unknown' as const;
export type FailureClass = ErrorClassId | typeof UNKNOWN_CLASS;

export interface ErrorClassInfo {
  readonly id: ErrorClassId;
  readonly meaning: string;
  /** Whether a retry can help by default (users may override per class in etl-cycle.yaml). */
  readonly retryable: boolean;
}

const info = (id: ErrorClassId, retryable: boolean, meaning: string): ErrorClassInfo => ({ id, retryable, meaning });

export const ERROR_CLASSES: Readonly<Record<ErrorClassId, ErrorClassInfo>> = {
  timeout: info('timeout', true, 'an operation exceeded its time limit'),
  connection_refused: info('connection_refused', true, 'nothing is accepting connections at the target yet'),
  service_starting: info('service_starting', true, 'reachable but still initializing or shutting down'),
  dns_failure: info('dns_failure', true, 'a host name could not be resolved'),
  auth_failed: info('auth_failed', false, 'credentials rejected or unknown user'),
  permission_denied: info('permission_denied', false, 'authenticated but not allowed (grants, file modes, HTTP 403)'),
  file_not_found: info('file_not_found', false, 'missing file, directory or command'),
  missing_table: info('missing_table', true, 'table, relation or view does not exist'),
  missing_database: info('missing_database', true, 'database, schema or keyspace does not exist'),
  already_exists: info('already_exists', true, 'table, role, database, container, connector or name already exists'),
  port_in_use: info('port_in_use', true, 'address or port already in use or allocated'),
  out_of_memory: info('out_of_memory', true, 'OOM kill, heap exhausted, cannot allocate'),
  disk_full: info('disk_full', false, 'no space left on device'),
  image_unavailable: info('image_unavailable', false, 'container image missing, cannot be pulled or built'),
  syntax_error: info('syntax_error', false, 'SQL or code syntax error'),
  constraint_violation: info('constraint_violation', true, 'unique, foreign-key, not-null or check violation'),
  deadlock: info('deadlock', true, 'deadlock, lock wait timeout or serialization failure'),
  too_many_connections: info('too_many_connections', true, 'connection limit of a server reached'),
  upstream_error: info('upstream_error', true, 'an API answered 5xx, bad gateway or service unavailable'),
  crash: info('crash', true, 'segfault, panic, core dump, killed by a signal other than OOM'),
  data_rejected: info('data_rejected', false, "a task's data failed its validate gate (acceptance ratio, row counts, check command)"),
};
