import { DockerError, DockerUnavailableError, errorMessage } from '../../core/errors.js';

/** Socket-level failures: nothing answered, so this is "no engine", not "the engine said no". */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ENOTFOUND']);

/** docker-modem prefixes the engine's message with "(HTTP code 409) unexpected - "; the message after it is the engine's own. */
const MODEM_PREFIX = /^\(HTTP code \d+\) .*? - /s;

interface ModemErrorShape {
  statusCode?: unknown;
  json?: unknown;
  code?: unknown;
}

/** The engine's own message, verbatim: from the JSON body when there is one, else from the modem's text. */
export function engineMessage(error: unknown): string {
  const shape = (error ?? {}) as ModemErrorShape;
  const json = shape.json;
  if (json && typeof json === 'object' && 'message' in json && typeof json.message === 'string') return json.message.trim();
  return errorMessage(error).replace(MODEM_PREFIX, '').trim();
}

/**
 * Any failure of an engine call as one of ours: `DockerError` with the engine's message and HTTP
 * status, or `DockerUnavailableError` when the engine could not be reached at all.
 */
export function toEngineError(operation: string, error: unknown, endpoint: string): DockerError | DockerUnavailableError {
  if (error instanceof DockerError || error instanceof DockerUnavailableError) return error;
  const shape = (error ?? {}) as ModemErrorShape;
  if (typeof shape.statusCode === 'number') {
    return new DockerError(operation, engineMessage(error), { statusCode: shape.statusCode, cause: error });
  }
  if (typeof shape.code === 'string' && UNREACHABLE_CODES.has(shape.code)) {
    return new DockerUnavailableError(`the Docker engine at ${endpoint} did not answer (${errorMessage(error)}) during ${operation}`, {
      cause: error,
      hint: 'start the engine again (or fix DOCKER_HOST) and rerun',
    });
  }
  return new DockerError(operation, errorMessage(error), { cause: error });
}

export function isNotFound(error: unknown): boolean {
  return error instanceof DockerError && error.statusCode === 404;
}
