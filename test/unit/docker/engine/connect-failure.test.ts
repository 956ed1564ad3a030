/** The first call's failure as one line naming the setting; the real handshakes are in test/integration/remote/. */
import { describe, expect, it } from 'vitest';
import { ConfigError, DockerError, DockerUnavailableError, EXIT_USAGE } from '../../../../core/errors.js';
import { connectFailure, EngineUnreachableError } from '../../../../docker/engine/connect-failure.js';
import type { EngineTarget } from '../../../../docker/engine/engine-target.js';

const target: EngineTarget = {
  endpoint: 'tcp://10.0.0.5:2376',
  transport: 'tcp',
  host: '10.0.0.5',
  port: 2376,
  tls: { verify: true, origin: 'DOCKER_CERT_PATH=/certs' },
  origin: { kind: 'docker-host' },
  setting: 'DOCKER_HOST',
};
const socketError = (code: string, message: string) => Object.assign(new Error(message), { code });
/** As to-engine-error.ts wraps a socket error. */
const wrapped = (cause: Error) => new DockerUnavailableError('the Docker engine did not answer', { cause });

describe('connectFailure', () => {
  it('an untrusted engine certificate names the CA files', () => {
    const error = connectFailure(
      wrapped(socketError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain')),
      target,
      5000,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.exitCode).toBe(EXIT_USAGE);
    expect(error.message).toBe(
      "the engine at tcp://10.0.0.5:2376 (DOCKER_HOST): its certificate is not trusted by the CA of DOCKER_CERT_PATH=/certs (SELF_SIGNED_CERT_IN_CHAIN); put the CA that signed the engine's certificate in ca.pem",
    );
  });

  it.each([
    [socketError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), 'is not made out for 10.0.0.5'],
    [socketError('CERT_HAS_EXPIRED', 'certificate has expired'), 'is not valid now (CERT_HAS_EXPIRED)'],
    [socketError('EPROTO', 'SSL routines:ssl3_get_record:wrong version number'), 'does not speak TLS on that port'],
    [socketError('EPROTO', 'SSL alert number 116: tlsv13 alert certificate required'), "refused etl-cycle's client certificate"],
    [socketError('ECONNRESET', 'SSL alert number 42: sslv3 alert bad certificate'), "refused etl-cycle's client certificate"],
    [
      new DockerError('ping', 'Client sent an HTTP request to an HTTPS server.', { statusCode: 400 }),
      'expects TLS: set DOCKER_TLS_VERIFY=1',
    ],
  ])('%s', (cause, text) => {
    const error = connectFailure(cause, target, 5000);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(text);
    expect(error.message).toContain('(DOCKER_HOST)');
  });

  it('nothing listening: unreachable, exit 2, how to find out', () => {
    const error = connectFailure(wrapped(socketError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:2376')), target, 5000);
    expect(error).toBeInstanceOf(EngineUnreachableError);
    expect(error).toBeInstanceOf(DockerUnavailableError);
    expect(error.exitCode).toBe(EXIT_USAGE);
    expect(error.message).toBe(
      'No Docker engine answers at tcp://10.0.0.5:2376 (connect ECONNREFUSED 10.0.0.5:2376): check that the engine runs there and that DOCKER_HOST names it (`docker version` with the same settings shows the same)',
    );
    const timeout = connectFailure(Object.assign(new Error('aborted'), { name: 'TimeoutError' }), target, 5000);
    expect(timeout.message).toContain('(no answer within 5s)');
  });

  it('a local socket says how to start an engine', () => {
    const local: EngineTarget = {
      endpoint: 'unix:///var/run/docker.sock',
      transport: 'unix',
      origin: { kind: 'default' },
      setting: 'DOCKER_HOST',
    };
    const error = connectFailure(wrapped(socketError('ENOENT', 'connect ENOENT /var/run/docker.sock')), local, 5000);
    expect(error.message).toMatch(/^No Docker engine answers at unix:\/\/\/var\/run\/docker\.sock \(connect ENOENT .*\): start one/);
  });
});
