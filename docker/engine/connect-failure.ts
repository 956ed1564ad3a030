/**
 * Why the first call to an engine failed, in one line that names the setting to change. At this
 * point nothing has been created yet, and whatever went wrong (no engine at that address, a
 * certificate the engine does not trust, TLS spoken to a plain port) is the user's setting to fix:
 * exit 2. An engine lost in the middle of a run stays a DockerUnavailableError (exit 1).
 */
import { ConfigError, DockerError, DockerUnavailableError, EXIT_USAGE, errorMessage } from '../../core/errors.js';
import type { EtlCycleError, EtlCycleErrorOptions } from '../../core/errors.js';
import type { EngineTarget } from './engine-target.js';

/** No engine answered when etl-cycle started: a setting (or an engine to start), not a failed run. */
export class EngineUnreachableError extends DockerUnavailableError {
  override readonly exitCode: number = EXIT_USAGE;
  constructor(message: string, options?: EtlCycleErrorOptions) {
    super(message, options);
  }
}

const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

/** The innermost error with a code: docker-modem and our own mapping wrap the socket's. */
function rootCause(error: unknown): { code?: string; message: string; statusCode?: number } {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    const shape = current as { code?: unknown; cause?: unknown; statusCode?: unknown };
    if (typeof shape.code === 'string' && !shape.code.startsWith('E_')) return { code: shape.code, message: errorMessage(current) };
    if (typeof shape.statusCode === 'number') return { statusCode: shape.statusCode, message: errorMessage(current) };
    current = shape.cause;
  }
  return { message: errorMessage(error) };
}

export function connectFailure(error: unknown, target: EngineTarget, timeoutMs: number): EtlCycleError {
  const cause = rootCause(error);
  const at = `the engine at ${target.endpoint} (${target.setting})`;
  const tlsFiles = target.tls?.origin ?? 'DOCKER_CERT_PATH';
  const aborted = error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
  const options = { cause: error };

  if (cause.code && UNTRUSTED.has(cause.code)) {
    return new ConfigError(
      `${at}: its certificate is not trusted by the CA of ${tlsFiles} (${cause.code}); put the CA that signed the engine's certificate in ca.pem`,
      options,
    );
  }
  if (cause.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new ConfigError(`${at}: its certificate is not made out for ${target.host ?? 'that host'} (${cause.message})`, options);
  }
  if (cause.code === 'CERT_HAS_EXPIRED' || cause.code === 'CERT_NOT_YET_VALID') {
    return new ConfigError(`${at}: its certificate is not valid now (${cause.code}); renew the engine's certificate`, options);
  }
  if (/wrong version number|packet length too long|unknown protocol/i.test(cause.message)) {
    return new ConfigError(
      `${at} does not speak TLS on that port; unset DOCKER_TLS_VERIFY / DOCKER_TLS or use the engine's TLS port`,
      options,
    );
  }
  if (
    /alert (bad certificate|certificate required|unknown ca|certificate unknown|handshake failure)|certificate required/i.test(
      cause.message,
    )
  ) {
    return new ConfigError(
      `${at} refused etl-cycle's client certificate (${cause.message.trim()}); use a cert.pem/key.pem pair signed by the CA the engine trusts (${tlsFiles})`,
      options,
    );
  }
  if (cause.statusCode === 400 && /HTTP request to an HTTPS server/i.test(cause.message)) {
    return new ConfigError(
      `${at} expects TLS: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and key.pem`,
      options,
    );
  }
  if (error instanceof DockerError && cause.code === undefined) {
    // The engine answered, but not with a pong: something else listens there.
    return new EngineUnreachableError(
      `No Docker engine answers at ${target.endpoint} (${target.setting}): it answered ${errorMessage(error)}`,
      options,
    );
  }
  const reason = aborted ? `no answer within ${timeoutMs / 1000}s` : cause.message;
  const hint =
    target.transport === 'unix' || target.transport === 'npipe'
      ? 'start one (`sudo systemctl start docker`, `sudo dockerd &` or Docker Desktop) or point DOCKER_HOST at a running engine'
      : `check that the engine runs there and that ${target.setting} names it (\`docker version\` with the same settings shows the same)`;
  return new EngineUnreachableError(`No Docker engine answers at ${target.endpoint} (${reason}): ${hint}`, options);
}
